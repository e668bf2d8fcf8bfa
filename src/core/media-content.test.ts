import { describe, expect, it } from 'vitest';
import {
  checkMediaLimits,
  decodeBase64,
  decodeDocument,
  decodeImage,
  documentFormatFor,
  imageFormatFor,
  MEDIA_LIMITS,
} from './media-content.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]).toString('base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n').toString('base64');

describe('media content', () => {
  it('decodes an image whose bytes match its format', () => {
    const image = decodeImage(PNG, 'png', 'messages.0.content.0');
    expect(image).toMatchObject({ type: 'image', format: 'png' });
    expect(image.data[0]).toBe(0x89);
  });

  it('refuses bytes of another format, bad base64, and images over Bedrock’s size limit, naming the field', () => {
    expect(() => decodeImage(PNG, 'jpeg', 'images.0')).toThrow(
      'images.0 is not a jpeg image (its bytes are png).',
    );
    expect(() => decodeBase64('not base64!', 'images.1')).toThrow('images.1 is not valid base64.');
    const big = Buffer.alloc(MEDIA_LIMITS.maxImageBytes + 1);
    big.set([0x89, 0x50, 0x4e, 0x47]);
    expect(() => decodeImage(big.toString('base64'), 'png', 'images.2')).toThrow(
      /Bedrock takes images of up to/,
    );
  });

  it('maps media types to formats, and refuses the others', () => {
    expect(imageFormatFor('image/JPG', 'x')).toBe('jpeg');
    expect(documentFormatFor('application/pdf', 'x')).toBe('pdf');
    expect(() => imageFormatFor('image/bmp', 'x')).toThrow(/PNG, JPEG, GIF and WebP/);
    expect(() => documentFormatFor('image/png', 'x')).toThrow(/pdf, csv/);
  });

  it('cleans a file name into a document name Bedrock accepts', () => {
    expect(decodeDocument(PDF, 'pdf', 'Q3_report (final).pdf', 'file').name).toBe('Q3 report (final)');
    expect(() => decodeDocument(PDF, 'pdf', '***', 'file')).toThrow(/needs a name/);
    expect(() => decodeDocument(PNG, 'pdf', 'x', 'file')).toThrow(
      'file is not a PDF (it does not start with %PDF).',
    );
  });

  it('refuses more than 20 images, and a document without text in its message', () => {
    const image = decodeImage(PNG, 'png', 'x');
    const document = decodeDocument(PDF, 'pdf', 'report', 'x');
    expect(() => checkMediaLimits({ messages: [{ role: 'user', content: Array(21).fill(image) }] })).toThrow(
      /21 images; Bedrock takes at most 20/,
    );
    expect(() => checkMediaLimits({ messages: [{ role: 'user', content: [document] }] })).toThrow(
      /holds a document but no text/,
    );
    expect(() =>
      checkMediaLimits({
        messages: [{ role: 'user', content: [document, { type: 'text', text: 'Summarise.' }] }],
      }),
    ).not.toThrow();
  });
});
