import { createHash } from 'node:crypto';
import type { Tokenizer } from './tokenizers/tokenizer.js';

/*
 * What the emulator reads from the bytes of an image or a document: its real format (by magic number), an image's
 * size in pixels and a PDF's pages, and what each costs in input tokens. Bedrock checks a declared format against
 * the bytes (bedrock-validation.md §11), so the emulator must know the real one.
 */

/** Converse `ImageFormat` (botocore bedrock-runtime 2023-09-30; bedrock-validation.md §19). */
export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';
/** Converse `DocumentFormat` (same source). */
export type DocumentFormat = 'pdf' | 'csv' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'html' | 'txt' | 'md';

export const IMAGE_FORMATS: readonly ImageFormat[] = ['png', 'jpeg', 'gif', 'webp'];
export const DOCUMENT_FORMATS: readonly DocumentFormat[] = [
  'pdf',
  'csv',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'html',
  'txt',
  'md',
];

/** An image or a document of the prompt, as the model reads it, in prompt order. */
export type MediaItem =
  | {
      kind: 'image';
      format: ImageFormat;
      /** Pixels, when the header could be read (an S3 location cannot). */
      width?: number;
      height?: number;
      /** Identifies the bytes in a cache key. */
      digest: string;
    }
  | {
      kind: 'document';
      format: DocumentFormat;
      name: string;
      bytes: number;
      /** A PDF's pages, when its page objects are visible. */
      pages?: number;
      /** The text of a plain-text format, or of a `text`/`content` source, which is counted as text. */
      text?: string;
      digest: string;
    };

/** A short hash of some bytes (or of an S3 URI), so a cached prefix changes when its media change. */
export function digestMedia(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 32);
}

/** The image format the bytes are, by their magic number, or undefined when they are no image Bedrock takes. */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) {
    return 'webp';
  }
  return undefined;
}

/** An image's size from its header: PNG IHDR, GIF logical screen, JPEG SOF marker, WebP VP8/VP8L/VP8X. */
export function readImageSize(
  bytes: Uint8Array,
  format: ImageFormat,
): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const within = (end: number) => end <= bytes.length;
  switch (format) {
    case 'png':
      return within(24) ? { width: view.getUint32(16), height: view.getUint32(20) } : undefined;
    case 'gif':
      return within(10) ? { width: view.getUint16(6, true), height: view.getUint16(8, true) } : undefined;
    case 'jpeg':
      return readJpegSize(bytes, view);
    case 'webp':
      return readWebpSize(bytes, view);
  }
}

function readJpegSize(bytes: Uint8Array, view: DataView): { width: number; height: number } | undefined {
  let offset = 2;
  while (offset + 9 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] as number;
    // SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    offset += 2 + view.getUint16(offset + 2);
  }
  return undefined;
}

function readWebpSize(bytes: Uint8Array, view: DataView): { width: number; height: number } | undefined {
  if (bytes.length < 30) return undefined;
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunk === 'VP8 ') {
    return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    const bits = view.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    const read24 = (at: number) =>
      (bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16);
    return { width: read24(24) + 1, height: read24(27) + 1 };
  }
  return undefined;
}

/**
 * The file type Bedrock detects in document bytes, in the words of its mismatch message (`The detected filetype is
 * PLAIN_TEXT, but the provided filetype was PDF.`, bedrock-validation.md §11). Only `PLAIN_TEXT` and `PDF` were
 * seen; the names of the other types are UNCONFIRMED.
 */
export type DetectedFileType = 'PDF' | 'ZIP' | 'OLE' | 'PLAIN_TEXT' | 'BINARY';

export function detectDocumentType(bytes: Uint8Array): DetectedFileType {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'PDF';
  // docx and xlsx are ZIP packages; doc and xls are OLE2 compound files.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'ZIP';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'OLE';
  return isText(bytes) ? 'PLAIN_TEXT' : 'BINARY';
}

/** The file type each declared format must be. */
export function expectedFileType(format: DocumentFormat): DetectedFileType {
  switch (format) {
    case 'pdf':
      return 'PDF';
    case 'docx':
    case 'xlsx':
      return 'ZIP';
    case 'doc':
    case 'xls':
      return 'OLE';
    default:
      return 'PLAIN_TEXT';
  }
}

function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * A PDF's pages, counted from its page objects (`/Type /Page`, not `/Pages`), or undefined when none is visible
 * (compressed object streams hide them). The gateway counts pages the same way (src/core/prompt-tokens.ts), so
 * both sides agree on which PDFs have a known page count.
 */
export function countPdfPages(bytes: Uint8Array): number | undefined {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const pages = text.match(/\/Type\s*\/Page(?!s)\b/g)?.length ?? 0;
  return pages > 0 ? pages : undefined;
}

/**
 * Claude's image cost: `width * height / 750` tokens after the image is scaled to at most 1,568 px on its long
 * edge and about 1.15 megapixels, so at most about 1,600
 * (https://docs.claude.com/en/docs/build-with-claude/vision#evaluate-image-size). Nova and Llama 4 publish no
 * formula: the same one stands in for them (UNCONFIRMED). An image whose size is unknown costs the ceiling.
 */
export const IMAGE_TOKEN_CEILING = 1_600;
const IMAGE_LONG_EDGE = 1_568;
const IMAGE_MAX_PIXELS = 1_150_000;

/**
 * A PDF page: its text and an image of it. Anthropic says a page costs 1,500 to 3,000 tokens depending on its
 * density (https://docs.claude.com/en/docs/build-with-claude/pdf-support); the emulator, which does not read the
 * text, charges the low end for every page. The gateway reserves 6,000 a page, so this stays within its bound.
 */
export const PDF_PAGE_TOKENS = 1_500;

/** What one image or document costs in input tokens, with the family's tokenizer for text. */
export function countMediaTokens(item: MediaItem, tokenizer: Tokenizer): number {
  if (item.kind === 'image') {
    if (item.width === undefined || item.height === undefined) return IMAGE_TOKEN_CEILING;
    return countImageTokens(item.width, item.height);
  }
  // Text is bounded by its bytes (every token covers at least one byte), like the gateway's bound.
  if (item.text !== undefined) return Math.min(tokenizer.countTokens(item.text), byteLength(item.text) + 1);
  if (item.format === 'pdf' && item.pages !== undefined) return item.pages * PDF_PAGE_TOKENS;
  // A PDF with hidden pages and the office formats: a quarter of their bytes.
  return Math.ceil(item.bytes / 4);
}

/** Claude's formula (see IMAGE_TOKEN_CEILING), never less than one token. */
export function countImageTokens(width: number, height: number): number {
  const pixels = width * height;
  if (pixels === 0) return 1;
  const scale = Math.min(1, IMAGE_LONG_EDGE / Math.max(width, height), Math.sqrt(IMAGE_MAX_PIXELS / pixels));
  const scaled = Math.floor(width * scale) * Math.floor(height * scale);
  return Math.min(IMAGE_TOKEN_CEILING, Math.max(1, Math.ceil(scaled / 750)));
}

/** How a media item appears in the prompt as the model sees it (and in `echo`): `[image]`, `[document NAME]`. */
export function describeMediaItem(item: MediaItem): string {
  return item.kind === 'image' ? '[image]' : `[document ${item.name}]`;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((byte, index) => bytes[at + index] === byte);
}
