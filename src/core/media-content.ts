import { InvalidRequestError } from './errors.js';
import type {
  DocumentFormat,
  DocumentPart,
  GenerateRequest,
  ImageFormat,
  ImagePart,
} from './generate-request.js';

/**
 * Bedrock's limits on images and documents in one request (Converse `ImageBlock` and `DocumentBlock`, AWS
 * "Converse API" user guide): at most 20 images of at most 3.75 MB each, at most 5 documents of at most
 * 4.5 MB each; a document name is 1-200 characters of alphanumerics, single spaces, hyphens, parentheses and
 * square brackets.
 */
export const MEDIA_LIMITS = {
  maxImages: 20,
  maxImageBytes: 3_750_000,
  maxDocuments: 5,
  maxDocumentBytes: 4_500_000,
} as const;

const IMAGE_FORMATS_BY_MEDIA_TYPE: Readonly<Record<string, ImageFormat>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

const DOCUMENT_FORMATS_BY_MEDIA_TYPE: Readonly<Record<string, DocumentFormat>> = {
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/html': 'html',
  'text/plain': 'txt',
  'text/markdown': 'md',
};

export const DOCUMENT_FORMATS: readonly DocumentFormat[] = Object.values(
  DOCUMENT_FORMATS_BY_MEDIA_TYPE,
).filter((format, index, all) => all.indexOf(format) === index);

/** Document names Bedrock accepts. */
const DOCUMENT_NAME = /^(?!.* {2})[A-Za-z0-9 \-()[\]]{1,200}$/;

/** Magic numbers of the image formats, so a format that does not match the bytes is caught before Bedrock. */
const IMAGE_SIGNATURES: ReadonlyArray<{ format: ImageFormat; bytes: readonly number[]; at?: number }> = [
  { format: 'png', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { format: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
  { format: 'gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { format: 'webp', bytes: [0x57, 0x45, 0x42, 0x50], at: 8 },
];

function invalid(param: string, message: string): InvalidRequestError {
  return new InvalidRequestError('invalid_media', message, { param });
}

/** Strict base64 (standard alphabet, padded or not) to bytes; a 400 naming `param` otherwise. */
export function decodeBase64(data: string, param: string): Uint8Array {
  const compact = data.replace(/\s+/g, '');
  if (compact.length === 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw invalid(param, `${param} is not valid base64.`);
  }
  return Uint8Array.from(Buffer.from(compact, 'base64'));
}

/** The image format a media type names (`image/png` ...), or a 400 naming `param`. */
export function imageFormatFor(mediaType: string, param: string): ImageFormat {
  const format = IMAGE_FORMATS_BY_MEDIA_TYPE[mediaType.toLowerCase()];
  if (!format) {
    throw invalid(param, `${param}: Bedrock takes PNG, JPEG, GIF and WebP images, not '${mediaType}'.`);
  }
  return format;
}

/** The document format a media type names, or a 400 naming `param`. */
export function documentFormatFor(mediaType: string, param: string): DocumentFormat {
  const format = DOCUMENT_FORMATS_BY_MEDIA_TYPE[mediaType.toLowerCase().split(';')[0]!.trim()];
  if (!format) {
    throw invalid(
      param,
      `${param}: Bedrock takes documents as ${DOCUMENT_FORMATS.join(', ')}, not '${mediaType}'.`,
    );
  }
  return format;
}

/** An image from base64 and its format, checked against its bytes and Bedrock's size limit. */
export function decodeImage(data: string, format: ImageFormat, param: string): ImagePart {
  const bytes = decodeBase64(data, param);
  if (bytes.length > MEDIA_LIMITS.maxImageBytes) {
    throw invalid(
      param,
      `${param} is ${bytes.length} bytes; Bedrock takes images of up to ${MEDIA_LIMITS.maxImageBytes}.`,
    );
  }
  const actual = IMAGE_SIGNATURES.find(({ bytes: signature, at = 0 }) =>
    signature.every((byte, index) => bytes[at + index] === byte),
  )?.format;
  if (actual !== format) {
    throw invalid(param, `${param} is not a ${format} image${actual ? ` (its bytes are ${actual})` : ''}.`);
  }
  return { type: 'image', format, data: bytes };
}

/**
 * A document from base64, its format and a name. The name is cleaned into one Bedrock accepts (a file name's
 * extension dropped, other characters turned to spaces), and refused only when nothing usable is left.
 */
export function decodeDocument(
  data: string,
  format: DocumentFormat,
  name: string,
  param: string,
): DocumentPart {
  const bytes = decodeBase64(data, param);
  if (bytes.length > MEDIA_LIMITS.maxDocumentBytes) {
    throw invalid(
      param,
      `${param} is ${bytes.length} bytes; Bedrock takes documents of up to ${MEDIA_LIMITS.maxDocumentBytes}.`,
    );
  }
  if (
    format === 'pdf' &&
    !(bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46)
  ) {
    throw invalid(param, `${param} is not a PDF (it does not start with %PDF).`);
  }
  const cleaned = name
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[^A-Za-z0-9 \-()[\]]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
    .slice(0, 200);
  if (!DOCUMENT_NAME.test(cleaned)) {
    throw invalid(
      param,
      `${param}: a document needs a name of letters, digits, spaces, hyphens, parentheses or brackets.`,
    );
  }
  return { type: 'document', format, name: cleaned, data: bytes };
}

/**
 * Bedrock's rules on media in a request: at most 20 images and 5 documents, and a text block in every message
 * that holds a document ("A text block must be included when using documents.").
 */
export function checkMediaLimits(request: Pick<GenerateRequest, 'messages'>): void {
  const parts = request.messages.flatMap((message) => message.content);
  const images = parts.filter((part) => part.type === 'image').length;
  const documents = parts.filter((part): part is DocumentPart => part.type === 'document');
  if (images > MEDIA_LIMITS.maxImages) {
    throw invalid(
      'messages',
      `The request holds ${images} images; Bedrock takes at most ${MEDIA_LIMITS.maxImages}.`,
    );
  }
  if (documents.length > MEDIA_LIMITS.maxDocuments) {
    throw invalid(
      'messages',
      `The request holds ${documents.length} documents; Bedrock takes at most ${MEDIA_LIMITS.maxDocuments}.`,
    );
  }
  for (const [index, message] of request.messages.entries()) {
    const hasDocument = message.content.some((part) => part.type === 'document');
    if (hasDocument && !message.content.some((part) => part.type === 'text' && part.text !== '')) {
      throw invalid(
        `messages.${index}`,
        `messages.${index} holds a document but no text: add a text part with it.`,
      );
    }
  }
}
