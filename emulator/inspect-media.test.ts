import { describe, expect, it } from 'vitest';
import {
  countImageTokens,
  countMediaTokens,
  countPdfPages,
  detectDocumentType,
  detectImageFormat,
  IMAGE_TOKEN_CEILING,
  PDF_PAGE_TOKENS,
  readImageSize,
} from './inspect-media.js';
import {
  createGifHeader,
  createJpegHeader,
  createPdf,
  createPng,
  createWebpHeader,
} from './testing/media-files.js';
import { loadFamilyTokenizer } from './tokenizers/load-tokenizer.js';

describe('inspect-media', () => {
  it.each([
    ['png', createPng(640, 480)],
    ['jpeg', createJpegHeader(640, 480)],
    ['gif', createGifHeader(640, 480)],
    ['webp', createWebpHeader(640, 480)],
  ] as const)('reads the format and size of a %s from its header', (format, bytes) => {
    // Act
    const detected = detectImageFormat(bytes);

    // Assess
    expect(detected).toBe(format);
    expect(readImageSize(bytes, format)).toEqual({ width: 640, height: 480 });
  });

  it('tells documents apart by their bytes', () => {
    expect(detectDocumentType(createPdf())).toBe('PDF');
    expect(detectDocumentType(new TextEncoder().encode('# Notes\nPaid.'))).toBe('PLAIN_TEXT');
    expect(detectDocumentType(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toBe('ZIP');
    expect(detectDocumentType(createPng(1, 1))).toBe('BINARY');
  });

  it('counts the page objects of a PDF, not its page tree', () => {
    expect(countPdfPages(createPdf(['one', 'two', 'three']))).toBe(3);
    expect(countPdfPages(new TextEncoder().encode('%PDF-1.7\n'))).toBeUndefined();
  });

  it("costs an image Claude's width × height / 750 after scaling, never above the ceiling", () => {
    expect(countImageTokens(64, 64)).toBe(Math.ceil((64 * 64) / 750));
    expect(countImageTokens(1000, 1000)).toBe(1334);
    expect(countImageTokens(8000, 8000)).toBeLessThanOrEqual(IMAGE_TOKEN_CEILING);
    expect(countImageTokens(1, 1)).toBe(1);
  });

  it('costs a document by its pages, its text or a quarter of its bytes, within the gateway bounds', async () => {
    // Prepare
    const tokenizer = await loadFamilyTokenizer('anthropic');
    const text = 'The invoice lists its number, its lines and its total.';

    // Act
    const pdf = countMediaTokens(
      { kind: 'document', format: 'pdf', name: 'a', bytes: 900, pages: 2, digest: 'x' },
      tokenizer,
    );
    const markdown = countMediaTokens(
      { kind: 'document', format: 'md', name: 'a', bytes: text.length, text, digest: 'x' },
      tokenizer,
    );
    const docx = countMediaTokens(
      { kind: 'document', format: 'docx', name: 'a', bytes: 4000, digest: 'x' },
      tokenizer,
    );

    // Assess: 6,000 a page, bytes + 1 for text and ten times the bytes for office files bound the gateway
    expect(pdf).toBe(2 * PDF_PAGE_TOKENS);
    expect(pdf).toBeLessThanOrEqual(2 * 6000);
    expect(markdown).toBe(tokenizer.countTokens(text));
    expect(markdown).toBeLessThanOrEqual(text.length + 1);
    expect(docx).toBe(1000);
  });
});
