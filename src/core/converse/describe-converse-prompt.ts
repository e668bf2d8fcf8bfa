import type { DocumentFormat } from '../generate-request.js';
import { DOCUMENT_FORMATS } from '../media-content.js';
import { countPdfPages, type PromptPart, type PromptShape } from '../prompt-tokens.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The bytes base64 text stands for, without decoding it: what a document's size bound needs. */
function measureBase64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}

/** The pages of a base64 PDF, or `undefined` when it is not base64 or shows none. */
function countBase64PdfPages(data: string): number | undefined {
  try {
    const binary = atob(data);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return countPdfPages(bytes);
  } catch {
    return undefined;
  }
}

/** A Converse `document` block: its name is read as text; its bytes by format, size and pages; text sources as text. */
function describeDocument(document: Json): PromptPart[] {
  const parts: PromptPart[] = [];
  if (typeof document.name === 'string') parts.push({ type: 'text', text: document.name });
  const source = isObject(document.source) ? document.source : {};
  if (typeof source.text === 'string') parts.push({ type: 'text', text: source.text });
  for (const block of listOf(source.content)) {
    if (isObject(block) && typeof block.text === 'string') parts.push({ type: 'text', text: block.text });
  }
  if (typeof source.bytes === 'string') {
    const format = (DOCUMENT_FORMATS as readonly string[]).includes(String(document.format))
      ? (document.format as DocumentFormat)
      : 'txt';
    parts.push({
      type: 'document',
      format,
      bytes: measureBase64Bytes(source.bytes),
      pages: format === 'pdf' ? countBase64PdfPages(source.bytes) : undefined,
    });
  }
  return parts;
}

/** The text of a `toolResult`'s content, and its images and documents as such. */
function describeToolResult(result: Json): PromptPart[] {
  const texts: string[] = [typeof result.toolUseId === 'string' ? result.toolUseId : ''];
  const media: PromptPart[] = [];
  for (const block of listOf(result.content)) {
    if (!isObject(block)) continue;
    if (typeof block.text === 'string') texts.push(block.text);
    else if ('json' in block) texts.push(JSON.stringify(block.json));
    else if (isObject(block.image)) media.push({ type: 'image' });
    else if (isObject(block.document)) media.push(...describeDocument(block.document));
    else texts.push(JSON.stringify(block));
  }
  return [{ type: 'tool-result', text: texts.join(' ') }, ...media];
}

/**
 * One Converse content block. Images (and video and audio, which have no measure of their own yet) count as an
 * image each, by pixels rather than bytes: their base64 read as text would count a megabyte as a million
 * tokens. Blocks the gateway does not know are read as their JSON, which only makes the measure high.
 */
function describeBlock(block: unknown): PromptPart[] {
  if (!isObject(block)) return [];
  if (typeof block.text === 'string') return [{ type: 'text', text: block.text }];
  if (isObject(block.image) || isObject(block.video) || isObject(block.audio)) return [{ type: 'image' }];
  if (isObject(block.document)) return describeDocument(block.document);
  if (isObject(block.toolUse)) {
    const { toolUseId, name, input } = block.toolUse;
    return [{ type: 'tool-call', text: JSON.stringify({ id: toolUseId, name, input }) }];
  }
  if (isObject(block.toolResult)) return describeToolResult(block.toolResult);
  if (isObject(block.reasoningContent)) {
    const { reasoningText, redactedContent } = block.reasoningContent;
    // Reasoning sent back is read as text; its signature is not.
    if (isObject(reasoningText) && typeof reasoningText.text === 'string') {
      return [{ type: 'text', text: reasoningText.text }];
    }
    return typeof redactedContent === 'string' ? [{ type: 'text', text: redactedContent }] : [];
  }
  if (isObject(block.guardContent)) {
    const text = isObject(block.guardContent.text) ? block.guardContent.text.text : undefined;
    return typeof text === 'string' ? [{ type: 'text', text }] : [{ type: 'image' }];
  }
  if (isObject(block.cachePoint)) return [];
  return [{ type: 'text', text: JSON.stringify(block) }];
}

/**
 * A Converse request body (or CountTokens' `converse` input) as Bedrock will tokenize it: the system blocks,
 * every message block and the tool definitions (botocore bedrock-runtime `ConverseRequest`, `ContentBlock`,
 * `SystemContentBlock`, `ToolConfiguration`). Lenient: Bedrock validates the body; this only measures it.
 */
export function describeConversePromptParts(body: Json): PromptShape {
  const parts: PromptPart[] = [];
  const system = listOf(body.system);
  for (const block of system) parts.push(...describeBlock(block));
  const messages = listOf(body.messages);
  for (const message of messages) {
    if (isObject(message)) for (const block of listOf(message.content)) parts.push(...describeBlock(block));
  }
  const toolConfig = isObject(body.toolConfig) ? body.toolConfig : {};
  for (const tool of listOf(toolConfig.tools)) {
    if (isObject(tool) && isObject(tool.toolSpec)) {
      parts.push({ type: 'tool-definition', text: JSON.stringify(tool.toolSpec) });
    }
  }
  return { parts, messageCount: messages.length + (system.length > 0 ? 1 : 0) };
}
