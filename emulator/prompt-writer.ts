import { TranscriptWriter } from './format-transcript.js';
import { describeMediaItem, type MediaItem } from './inspect-media.js';
import type { CacheTtl, PromptBoundary, PromptCacheLayout } from './model-input.js';

/**
 * Writes the prompt as the model sees it (the transcript of format-transcript.ts) block by block, in Bedrock's
 * order (tools, then system, then messages), and keeps what the prompt cache needs: where each block ends, which
 * of those ends carry a cache point, and the media met so far.
 */
export class PromptWriter {
  readonly #transcript = new TranscriptWriter();
  readonly #media: MediaItem[] = [];
  readonly #boundaries: PromptBoundary[] = [];
  readonly #points: Array<{ boundary: number; ttl: CacheTtl }> = [];
  #toolCount = 0;

  /** A tool definition, which comes before any text. */
  addTool(): void {
    this.#toolCount++;
    this.#markBoundary();
  }

  beginTurn(role: string): void {
    this.#transcript.beginTurn(role);
  }

  /** A text block of the current turn. */
  addBlock(text: string): void {
    this.#transcript.addBlock(text);
    this.#markBoundary();
  }

  /** An image or document of the current turn: named in the transcript, counted as media. */
  addMedia(item: MediaItem): void {
    this.#media.push(item);
    this.addBlock(describeMediaItem(item));
  }

  /** A cache point after what has been written so far. */
  addCachePoint(ttl: CacheTtl | undefined): void {
    const last = this.#boundaries.at(-1);
    if (last === undefined || last.promptLength !== this.#transcript.length) this.#markBoundary();
    this.#points.push({ boundary: this.#boundaries.length - 1, ttl: ttl ?? '5m' });
  }

  get prompt(): string {
    return this.#transcript.text;
  }

  get media(): readonly MediaItem[] {
    return this.#media;
  }

  /** The cache layout, or undefined when the request set no cache point. */
  get cache(): PromptCacheLayout | undefined {
    return this.#points.length === 0 ? undefined : { boundaries: this.#boundaries, points: this.#points };
  }

  #markBoundary(): void {
    this.#boundaries.push({
      promptLength: this.#transcript.length,
      toolCount: this.#toolCount,
      mediaCount: this.#media.length,
    });
  }
}
