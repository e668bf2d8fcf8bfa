import {
  ANTHROPIC_MESSAGES,
  CONVERSE_MEDIA_LIMITS,
  DOCUMENT_NAME_INVALID,
  DOCUMENT_NEEDS_TEXT,
  describeDocumentMimeUnsupported,
  describeDocumentTypeMismatch,
  IMAGE_FORMAT_MISMATCH,
  UNCONFIRMED_MEDIA_MESSAGES,
} from './bedrock-messages.js';
import type { TextModel } from './catalogue/foundation-model.js';
import {
  countPdfPages,
  type DocumentFormat,
  detectDocumentType,
  detectImageFormat,
  digestMedia,
  expectedFileType,
  type ImageFormat,
  type MediaItem,
  readImageSize,
} from './inspect-media.js';

/**
 * An image or document block of a request, in any API's notation, with what the checks need: where it sits (0-based,
 * as the model's validator counts), who sent it, its declared format and its bytes.
 */
export interface MediaBlock {
  kind: 'image' | 'document';
  messageIndex: number;
  /** The block's index as the model counts it (Converse cache points are not blocks for Claude). */
  blockIndex: number;
  role: 'user' | 'assistant';
  /** The declared format (Converse `format`, or a native media type's subtype). */
  format?: string;
  bytes?: Uint8Array;
  /** Converse's document `name`, or a native document's `title`. */
  name?: string;
  /** A document given as text (`source.text`, `source.content`, a native text source). */
  text?: string;
  /** An S3 location, which the emulator cannot read. */
  location?: string;
}

/** Where a block's bytes are, in the path style of the API that carried it. */
export type MediaApi = 'converse' | 'invoke';

/** A document name Bedrock takes: alphanumerics, whitespace (never two in a row), hyphens, parentheses, brackets. */
const DOCUMENT_NAME = /^(?!.*\s{2})[A-Za-z0-9\s\-()[\]]+$/;

/**
 * Bedrock's own Converse rules on media, before the model sees them (Converse and Nova's Converse-shaped body):
 * documents need a text block in their message, a valid name, a real file of the declared type, at most five of
 * them of 4.5 MB each; for models other than Claude (whose validator words its own limits) images come in user
 * turns only, at most 20 of 3.75 MB and 8,000 px.
 */
export function findBedrockMediaProblem(
  model: TextModel,
  blocks: readonly MediaBlock[],
  messagesWithText: ReadonlySet<number>,
): string | undefined {
  const documents = blocks.filter((block) => block.kind === 'document');
  for (const document of documents) {
    if (!messagesWithText.has(document.messageIndex)) return DOCUMENT_NEEDS_TEXT;
    if (document.name !== undefined && !DOCUMENT_NAME.test(document.name)) return DOCUMENT_NAME_INVALID;
  }
  if (documents.length > CONVERSE_MEDIA_LIMITS.maxDocuments)
    return UNCONFIRMED_MEDIA_MESSAGES.tooManyDocuments;
  for (const document of documents) {
    const problem = findDocumentBytesProblem(document);
    if (problem) return problem;
  }
  if (model.family === 'anthropic') return undefined;
  if (blocks.some((block) => block.role === 'assistant'))
    return UNCONFIRMED_MEDIA_MESSAGES.mediaInAssistantTurn;
  const images = blocks.filter((block) => block.kind === 'image');
  if (images.length > CONVERSE_MEDIA_LIMITS.maxImages) return UNCONFIRMED_MEDIA_MESSAGES.tooManyImages;
  for (const image of images) {
    if (image.bytes === undefined) continue;
    if (image.bytes.length > CONVERSE_MEDIA_LIMITS.maxImageBytes)
      return UNCONFIRMED_MEDIA_MESSAGES.imageTooLarge;
    const format = detectImageFormat(image.bytes);
    const size = format && readImageSize(image.bytes, format);
    if (size && Math.max(size.width, size.height) > CONVERSE_MEDIA_LIMITS.maxImagePixels) {
      return UNCONFIRMED_MEDIA_MESSAGES.imageTooWide;
    }
  }
  return undefined;
}

function findDocumentBytesProblem(document: MediaBlock): string | undefined {
  if (document.bytes === undefined) return undefined;
  if (document.bytes.length > CONVERSE_MEDIA_LIMITS.maxDocumentBytes) {
    return UNCONFIRMED_MEDIA_MESSAGES.documentTooLarge;
  }
  const image = detectImageFormat(document.bytes);
  if (image) return describeDocumentMimeUnsupported(`image/${image}`);
  const format = (document.format ?? 'txt') as DocumentFormat;
  const detected = detectDocumentType(document.bytes);
  const expected = expectedFileType(format);
  return detected === expected ? undefined : describeDocumentTypeMismatch(detected, format);
}

/** Claude's limits by context window: the 1M-context models take more (§11 `601 + 0 > 600`; code id 60890106398). */
function readClaudeMediaLimits(model: TextModel) {
  const large = model.contextWindow >= 1_000_000;
  return { mediaPerRequest: large ? 600 : 20, pdfPages: large ? 600 : 100 };
}

/** Claude's base64 limit: 5 MB of base64 text (§11). */
const CLAUDE_MAX_BASE64_LENGTH = 5_242_880;
const CLAUDE_MAX_IMAGE_PIXELS = 8000;
const CLAUDE_MANY_IMAGES = 20;
const CLAUDE_MANY_IMAGES_MAX_PIXELS = 2000;

/**
 * The media rules of the model's own validator, worded as it words them (bare; Converse adds its prefix): Claude's
 * (user turns only, counts, real bytes of the declared type, 5 MB of base64, 8,000 px, 2,000 px when there are
 * more than 20, PDF pages), or the one sentence the other models' validators are known to relay.
 */
export function findModelMediaProblem(
  model: TextModel,
  blocks: readonly MediaBlock[],
  api: MediaApi,
): string | undefined {
  if (model.family !== 'anthropic') {
    for (const image of blocks) {
      if (image.kind !== 'image' || image.bytes === undefined) continue;
      if (detectImageFormat(image.bytes) !== image.format) return IMAGE_FORMAT_MISMATCH;
    }
    return undefined;
  }
  const inAssistantTurn = blocks.find((block) => block.role === 'assistant');
  if (inAssistantTurn) {
    return ANTHROPIC_MESSAGES.mediaInAssistantTurn(inAssistantTurn.messageIndex, inAssistantTurn.kind);
  }
  const limits = readClaudeMediaLimits(model);
  const images = blocks.filter((block) => block.kind === 'image');
  const documents = blocks.filter((block) => block.kind === 'document');
  if (images.length + documents.length > limits.mediaPerRequest) {
    return ANTHROPIC_MESSAGES.tooManyImagesAndDocuments(
      images.length,
      documents.length,
      limits.mediaPerRequest,
    );
  }
  for (const image of images) {
    const problem = findClaudeImageProblem(image, api, images.length > CLAUDE_MANY_IMAGES);
    if (problem) return problem;
  }
  let pages = 0;
  for (const document of documents) {
    if (document.bytes === undefined || document.format !== 'pdf') continue;
    if (detectDocumentType(document.bytes) !== 'PDF') {
      return ANTHROPIC_MESSAGES.pdfInvalid(`${locate(document)}.document.source.base64.data`);
    }
    pages += countPdfPages(document.bytes) ?? 1;
  }
  if (pages > limits.pdfPages) return ANTHROPIC_MESSAGES.tooManyPdfPages(limits.pdfPages);
  return undefined;
}

function findClaudeImageProblem(image: MediaBlock, api: MediaApi, many: boolean): string | undefined {
  if (image.bytes === undefined) return undefined;
  // Converse's blob reaches Claude as base64; InvokeModel's is base64 already (§11: the limit is on the base64).
  const source = `${locate(image)}.image.source.${api === 'converse' ? 'bytes' : 'base64'}`;
  const base64Length = Math.ceil(image.bytes.length / 3) * 4;
  if (base64Length > CLAUDE_MAX_BASE64_LENGTH) return ANTHROPIC_MESSAGES.imageTooLarge(source, base64Length);
  const actual = detectImageFormat(image.bytes);
  if (actual === undefined) return ANTHROPIC_MESSAGES.imageUnreadable(source);
  if (actual !== image.format) {
    return ANTHROPIC_MESSAGES.imageMediaTypeMismatch(source, image.format ?? '', actual);
  }
  const size = readImageSize(image.bytes, actual);
  if (size === undefined) return undefined;
  const side = Math.max(size.width, size.height);
  const data = api === 'converse' ? source : `${source}.data`;
  if (side > CLAUDE_MAX_IMAGE_PIXELS) return ANTHROPIC_MESSAGES.imageTooWide(data);
  if (many && side > CLAUDE_MANY_IMAGES_MAX_PIXELS) return ANTHROPIC_MESSAGES.imageTooWideForMany(data);
  return undefined;
}

function locate(block: MediaBlock): string {
  return `messages.${block.messageIndex}.content.${block.blockIndex}`;
}

/** What a checked media block is to the model: its format, size or pages, and a digest for cache keys. */
export function readMediaItem(block: MediaBlock): MediaItem {
  const digest = digestMedia(block.bytes ?? block.text ?? block.location ?? '');
  if (block.kind === 'image') {
    const detected = block.bytes && detectImageFormat(block.bytes);
    const format = detected ?? (block.format as ImageFormat | undefined) ?? 'png';
    const size = detected && block.bytes ? readImageSize(block.bytes, detected) : undefined;
    return { kind: 'image', format, ...(size ?? {}), digest };
  }
  const format = (block.format ?? 'txt') as DocumentFormat;
  const bytes = block.bytes?.length ?? Buffer.byteLength(block.text ?? '', 'utf8');
  const text =
    block.text ??
    (block.bytes && expectedFileType(format) === 'PLAIN_TEXT'
      ? Buffer.from(block.bytes).toString('utf8')
      : undefined);
  const pages = format === 'pdf' && block.bytes ? countPdfPages(block.bytes) : undefined;
  return {
    kind: 'document',
    format,
    name: block.name ?? 'document',
    bytes,
    ...(pages === undefined ? {} : { pages }),
    ...(text === undefined ? {} : { text }),
    digest,
  };
}
