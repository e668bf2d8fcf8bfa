/** One turn of a conversation as the emulated model reads it. */
export interface TranscriptTurn {
  role: string;
  text: string;
}

/**
 * Flattens a conversation into the text the emulated model "sees" (and `echo` returns): one `role: text`
 * line per turn, the system prompt first as `system: ...`, turns joined by a newline.
 */
export function formatTranscript(turns: readonly TranscriptTurn[]): string {
  return turns.map((turn) => `${turn.role}: ${turn.text}`).join('\n');
}

/**
 * Writes the same transcript as formatTranscript, block by block, so a reader can note where each block ends: a
 * prompt cache point is a prefix of the transcript (prompt-cache.ts). Blocks of a turn are joined by a newline.
 */
export class TranscriptWriter {
  #text = '';
  #blocksInTurn = 0;

  /** Starts the next turn (`role: `). */
  beginTurn(role: string): void {
    if (this.#text !== '') this.#text += '\n';
    this.#text += `${role}: `;
    this.#blocksInTurn = 0;
  }

  /** Adds a block's text to the current turn. */
  addBlock(text: string): void {
    if (this.#blocksInTurn > 0) this.#text += '\n';
    this.#text += text;
    this.#blocksInTurn++;
  }

  /** The length of what is written so far: the transcript's prefix up to the last block. */
  get length(): number {
    return this.#text.length;
  }

  get text(): string {
    return this.#text;
  }
}
