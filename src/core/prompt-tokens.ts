import type { DocumentFormat, GenerateRequest } from './generate-request.js';

/**
 * What a prompt costs in tokens before Bedrock has counted it, in two measures:
 *
 * - **A strict upper bound** (`boundPromptTokens`), for reservations. Bedrock's count can never exceed it, so
 *   a reservation of bound + max_tokens is never overtaken by the settlement, in any language.
 * - **A typical estimate** (`estimatePromptTokens`), for context-window checks and for charging calls that
 *   never reported usage. It aims at real counts and may fall on either side of them.
 *
 * Why the bound holds. It assumes a byte-level BPE or a SentencePiece model with byte fallback, which is what
 * every published tokenizer of a Bedrock family is (Anthropic's Claude 2 vocabulary, Llama 3, Mistral, OpenAI's
 * o200k for gpt-oss); Bedrock's own for Claude 3 and later, Nova and Titan are not public. In a byte-level
 * BPE every token covers at least one byte of the text's UTF-8. In SentencePiece every token covers at least
 * one character or, by byte fallback, exactly one byte; a space becomes one `▁` token at most, and the
 * "dummy prefix" adds at most one token at the start. So tokens <= UTF-8 bytes + 1. A tokenizer may first
 * normalize the text (Anthropic's published Claude tokenizer applies NFKC, some SentencePiece models NFC or
 * NFKC), and normalizing can lengthen it (U+FDFA becomes 18 characters), so the bound takes the longest of
 * the raw, NFC and NFKC forms. Nothing tighter is provable without the vocabulary: a vocabulary may hold only
 * single bytes for a script, and Bedrock's vocabularies for Claude, Nova, Titan and Cohere are not public.
 * What the bound cannot see is the text Bedrock adds around the parts (role headers, chat templates, the tool
 * use system prompt); those are covered by the generous constants below, each with its source.
 *
 * How far both are from real counts, on the corpora of test/__fixtures__/token-corpora and the adversarial
 * strings of test/support/token-corpora.ts (figure / real count; `npm run bench:tokens` prints the full table,
 * test/prompt-token-bounds.test.ts holds the bound and the estimate's bands):
 *
 * | corpus          | estimate / o200k | / Claude 2 | / Llama 3 | / Mistral v1 | bound / largest count |
 * | --------------- | ---------------- | ---------- | --------- | ------------ | --------------------- |
 * | English         | 1.02             | 1.01       | 1.02      | 0.99         | 5.12                  |
 * | Japanese        | 1.35             | 0.92       | 1.46      | 0.90         | 2.69                  |
 * | Korean          | 1.54             | 0.75       | 1.43      | 0.71         | 2.24                  |
 * | Chinese         | 1.59             | 1.10       | 1.39      | 0.97         | 2.89                  |
 * | Russian         | 1.46             | 0.65       | 1.17      | 0.82         | 3.71                  |
 * | Arabic          | 2.38             | 0.68       | 1.81      | 0.69         | 2.05                  |
 * | Hindi           | 2.22             | 0.54       | 1.20      | 0.58         | 2.39                  |
 * | Thai            | 1.72             | 0.39       | 1.43      | 0.69         | 1.69                  |
 * | TypeScript      | 1.08             | 0.99       | 1.10      | 0.86         | 3.17                  |
 * | Python          | 1.08             | 1.00       | 1.08      | 0.81         | 3.26                  |
 * | JSON            | 1.19             | 1.17       | 1.20      | 0.93         | 2.47                  |
 * | emoji           | 1.14             | 0.81       | 0.82      | 0.71         | 1.69                  |
 * | random ASCII    | 0.54             | 0.50       | 0.53      | 0.46         | 1.15                  |
 * | digits          | 1.20             | 0.96       | 1.20      | 0.40         | 1.00                  |
 * | rare ideographs | 0.51             | 0.67       | 0.51      | 0.50         | 1.00                  |
 * | lone surrogates | 0.88             | 0.91       | 0.88      | 0.45         | 1.00 (Mistral: bytes + 1 exactly) |
 * | NFKC expanding  | 0.35             | 0.16       | 0.33      | 0.27         | 2.15                  |
 *
 * Tokenizers disagree by up to 4x on the same non-Latin text (Thai: 0.40 tokens a character in o200k, 1.76
 * in Claude 2), so no single estimate is close to all of them; this one sits between them, at about one
 * token per CJK character as the issue measured on Bedrock, and within 25% of every tokenizer on English and
 * code. The bound reaches the real count on byte-level worst cases (digits in Mistral, rare ideographs, lone
 * surrogates), which is why it cannot be tighter.
 */

/**
 * A piece of a request that Bedrock tokenizes. Each kind has its own bound and estimate, so images and
 * documents can join the union later with theirs, without changing the callers that sum over parts.
 */
export type PromptPart =
  /** Text the model reads as written: the system prompt, message text, reasoning text. */
  | { type: 'text'; text: string }
  /** A tool call in the history, as JSON of its id, name and arguments. */
  | { type: 'tool-call'; text: string }
  /** A tool result sent back to the model, as text (JSON results as their JSON). */
  | { type: 'tool-result'; text: string }
  /** A tool offered to the model, as JSON of its name, description and input schema. */
  | { type: 'tool-definition'; text: string }
  /** An image: counted by its pixels, not its bytes. */
  | { type: 'image' }
  /** A document, by its format, its size in bytes and (for a PDF) its pages, if they can be found. */
  | { type: 'document'; format: DocumentFormat; bytes: number; pages: number | undefined };

/** What Bedrock tokenizes for one request, as the gateway sees it before the call. */
export interface PromptShape {
  parts: readonly PromptPart[];
  /** Conversation turns, a system prompt counting as one: each costs role or template tokens. */
  messageCount: number;
}

/**
 * Generous allowances for what Bedrock adds around the parts. Each is well above the largest figure found, so
 * the bound stays an upper bound when a model's template is a little longer than documented.
 */
export const PROMPT_BOUND_OVERHEADS = {
  /**
   * Once per request: a begin-of-text token and the opening of the assistant's turn. Llama 3 adds
   * `<|begin_of_text|>` and a final `<|start_header_id|>assistant<|end_header_id|>\n\n`, 5 tokens
   * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html); the rest is room for a
   * template that adds a short system header of its own.
   */
  request: 64,
  /**
   * Per turn: Llama 3 wraps each in `<|start_header_id|>ROLE<|end_header_id|>\n\n ... <|eot_id|>` (at most
   * 6 tokens); Mistral in `[INST] ... [/INST]` (7 tokens, measured with its v1 vocabulary); the emulator writes
   * `assistant: ` and a newline (12 bytes at most).
   */
  message: 16,
  /** Per text part: the separator between content blocks. */
  text: 2,
  /** Per tool call or tool result: the wrapper a model's template puts around it (the emulator's is 14 bytes). */
  toolBlock: 32,
  /** Per tool definition: the wrapper around its name, description and schema. */
  toolDefinition: 64,
  /**
   * Once when the request offers any tool: the hidden tool-use system prompt. Anthropic documents it per
   * model and tool choice; the largest is 804 tokens (Claude Opus 4.7 with `any` or `tool`), Claude 3 Opus's
   * was 530 (https://platform.claude.com/docs/en/agents-and-tools/tool-use/overview#pricing).
   */
  toolUseSystemPrompt: 1024,
} as const;

/**
 * What one image can cost. Claude counts `width * height / 750` tokens after resizing an image to at most
 * 1,568 px on its long edge and about 1.15 megapixels, so about 1,600 at most
 * (https://docs.claude.com/en/docs/build-with-claude/vision#evaluate-image-size); Nova and Llama 4 tile
 * images and publish no exact figure. 8,000 is room for either; near a limit CountTokens gives the real count.
 */
const IMAGE_TOKENS = { bound: 8_000, estimate: 1_600 } as const;

/**
 * What one PDF page can cost: Claude sends each page as its text plus an image of it, about 1,500 to 3,000
 * text tokens and up to 1,600 for the image (https://docs.claude.com/en/docs/build-with-claude/pdf-support).
 * A PDF whose pages cannot be counted (compressed object streams) is bounded by its bytes, and text formats by
 * their bytes (a byte-level bound); compressed office formats (docx, xlsx...) by ten times their bytes, which
 * covers the text of a deflated XML package. These are not provable: near a limit, CountTokens decides.
 */
const DOCUMENT_PAGE_TOKENS = { bound: 6_000, estimate: 2_500 } as const;
const COMPRESSED_DOCUMENT_FACTOR = 10;
const COMPRESSED_FORMATS: ReadonlySet<DocumentFormat> = new Set(['doc', 'docx', 'xls', 'xlsx']);

/** Realistic figures for the same additions, for the typical estimate. */
const TYPICAL_OVERHEADS = {
  request: 4,
  message: 4,
  text: 0,
  toolBlock: 8,
  toolDefinition: 8,
  /** Claude Sonnet 4.5 and Haiku 4.5 with `auto`: 496 tokens (same source as above); other families use less. */
  toolUseSystemPrompt: 400,
} as const;

/**
 * A strict upper bound of the tokens any byte-level BPE or byte-fallback SentencePiece tokenizer can make of a
 * text, with or without NFC or NFKC normalization: its longest UTF-8 length, plus one dummy-prefix token.
 */
export function boundTextTokens(text: string): number {
  if (text === '') return 0;
  const rawBytes = measureUtf8Bytes(text);
  // ASCII is its own NFC and NFKC, and most prompts are ASCII: skip the normalizations.
  if (rawBytes === text.length) return rawBytes + 1;
  const nfcBytes = measureUtf8Bytes(text.normalize('NFC'));
  const nfkcBytes = measureUtf8Bytes(text.normalize('NFKC'));
  return Math.max(rawBytes, nfcBytes, nfkcBytes) + 1;
}

/**
 * A typical token count for a text, from its scripts: about 1 per CJK ideograph, kana or Hangul syllable,
 * several per emoji, 1 per 4 to 5 Latin letters, denser for punctuation-heavy code. Not a bound.
 */
export function estimateTextTokens(text: string): number {
  let total = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) {
      total += ASCII_WEIGHTS[code]!;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const low = text.charCodeAt(index + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        index++;
        total += weighAstralCodePoint(((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
        continue;
      }
    }
    total += weighBmpCodeUnit(code);
  }
  return Math.ceil(total);
}

/** Both measures of a prompt, before Bedrock has counted it. */
export interface PromptTokens {
  /** Never less than what Bedrock will count, in any language: what is reserved. */
  bound: number;
  /** The typical count, never above the bound: for context-window checks and charging unreported calls. */
  estimate: number;
}

/** The bound and the estimate of a prompt. */
export function measurePrompt(prompt: PromptShape): PromptTokens {
  const bound = boundPromptTokens(prompt);
  return { bound, estimate: Math.min(bound, estimatePromptTokens(prompt)) };
}

/**
 * A native InvokeModel body as Bedrock will tokenize it: the body's JSON (field names only make the measure a
 * little high), with its tool definitions as such, so that the tool-use system prompt is allowed for.
 */
export function describeNativeBodyParts(body: Record<string, unknown>): PromptShape {
  const { tools, toolConfig, ...rest } = body;
  const nestedTools =
    typeof toolConfig === 'object' && toolConfig !== null
      ? (toolConfig as { tools?: unknown }).tools
      : undefined;
  const definitions = [tools, nestedTools].flatMap((list) => (Array.isArray(list) ? list : []));
  const { tools: _nested, ...restOfToolConfig } = (toolConfig ?? {}) as Record<string, unknown>;
  const text = JSON.stringify(toolConfig === undefined ? rest : { ...rest, toolConfig: restOfToolConfig });
  const messages = Array.isArray(body.messages) ? body.messages.length : 1;
  return {
    parts: [
      { type: 'text', text },
      ...definitions.map((tool): PromptPart => ({ type: 'tool-definition', text: JSON.stringify(tool) })),
    ],
    messageCount: messages,
  };
}

/** One text that is the whole prompt (an embedding input). */
export function describeTextParts(text: string): PromptShape {
  return { parts: [{ type: 'text', text }], messageCount: 0 };
}

/** The strict upper bound of the tokens Bedrock counts for a prompt: the parts' bounds plus what Bedrock adds. */
export function boundPromptTokens(prompt: PromptShape): number {
  return sumPrompt(prompt, { text: boundTextTokens, media: boundMediaTokens }, PROMPT_BOUND_OVERHEADS);
}

/** A typical token count for a prompt, for context-window checks and charging unreported calls. */
export function estimatePromptTokens(prompt: PromptShape): number {
  return sumPrompt(prompt, { text: estimateTextTokens, media: estimateMediaTokens }, TYPICAL_OVERHEADS);
}

type MediaPart = Extract<PromptPart, { type: 'image' | 'document' }>;

function boundMediaTokens(part: MediaPart): number {
  if (part.type === 'image') return IMAGE_TOKENS.bound;
  if (part.format === 'pdf' && part.pages !== undefined) return part.pages * DOCUMENT_PAGE_TOKENS.bound;
  return COMPRESSED_FORMATS.has(part.format) ? part.bytes * COMPRESSED_DOCUMENT_FACTOR : part.bytes + 1;
}

function estimateMediaTokens(part: MediaPart): number {
  if (part.type === 'image') return IMAGE_TOKENS.estimate;
  if (part.format === 'pdf' && part.pages !== undefined) return part.pages * DOCUMENT_PAGE_TOKENS.estimate;
  // About four bytes a token for text; compressed formats hold about three times their size in text.
  return Math.ceil((COMPRESSED_FORMATS.has(part.format) ? part.bytes * 3 : part.bytes) / 4);
}

/**
 * The pages of a PDF, counted from its page objects (`/Type /Page`), or `undefined` when none is visible:
 * a PDF that keeps its objects in compressed object streams hides them.
 */
export function countPdfPages(data: Uint8Array): number | undefined {
  let text = '';
  // Latin-1 keeps every byte one character, so the PDF's ASCII syntax can be searched as text.
  for (let index = 0; index < data.length; index += 8192) {
    text += String.fromCharCode(...data.subarray(index, index + 8192));
  }
  const pages = text.match(/\/Type\s*\/Page(?!s)\b/g)?.length ?? 0;
  return pages > 0 ? pages : undefined;
}

/**
 * The parts of a canonical request, as Bedrock will tokenize them: the system prompt, every message part
 * (tool calls as JSON with their ids, which templates render too) and the tool definitions.
 */
export function describePromptParts(
  request: Pick<GenerateRequest, 'system' | 'messages' | 'tools'>,
): PromptShape {
  const parts: PromptPart[] = [];
  let messageCount = request.messages.length;
  if (request.system !== undefined && request.system !== '') {
    parts.push({ type: 'text', text: request.system });
    messageCount++;
  }
  for (const message of request.messages) {
    for (const part of message.content) {
      switch (part.type) {
        case 'text':
          parts.push({ type: 'text', text: part.text });
          break;
        case 'tool-call':
          parts.push({
            type: 'tool-call',
            text: JSON.stringify({ id: part.toolCallId, name: part.toolName, input: part.input }),
          });
          break;
        case 'tool-result':
          parts.push({ type: 'tool-result', text: `${part.toolCallId} ${part.content}` });
          break;
        case 'reasoning':
          // Reasoning sent back is read as text; its signature is not.
          parts.push({ type: 'text', text: part.text });
          break;
        case 'redacted-reasoning':
          parts.push({ type: 'text', text: part.data });
          break;
        case 'image':
          parts.push({ type: 'image' });
          break;
        case 'document':
          parts.push({ type: 'text', text: part.name });
          parts.push({
            type: 'document',
            format: part.format,
            bytes: part.data.length,
            pages: part.format === 'pdf' ? countPdfPages(part.data) : undefined,
          });
          break;
        case 'cache-point':
          break;
        default: {
          const _exhaustiveCheck: never = part;
          throw new Error(`Unknown content part ${JSON.stringify(_exhaustiveCheck)}`);
        }
      }
    }
  }
  for (const tool of request.tools ?? []) {
    const definition = { name: tool.name, description: tool.description, inputSchema: tool.inputSchema };
    parts.push({ type: 'tool-definition', text: JSON.stringify(definition) });
  }
  return { parts, messageCount };
}

type Overheads = { readonly [Kind in keyof typeof PROMPT_BOUND_OVERHEADS]: number };

interface Measures {
  text: (text: string) => number;
  media: (part: MediaPart) => number;
}

function sumPrompt(prompt: PromptShape, measures: Measures, overheads: Overheads): number {
  const measure = measures.text;
  let total = overheads.request + prompt.messageCount * overheads.message;
  let offersTools = false;
  for (const part of prompt.parts) {
    switch (part.type) {
      case 'text':
        total += measure(part.text) + overheads.text;
        break;
      case 'tool-call':
      case 'tool-result':
        total += measure(part.text) + overheads.toolBlock;
        break;
      case 'tool-definition':
        total += measure(part.text) + overheads.toolDefinition;
        offersTools = true;
        break;
      case 'image':
      case 'document':
        total += measures.media(part);
        break;
      default: {
        const _exhaustiveCheck: never = part;
        throw new Error(`Unknown prompt part ${JSON.stringify(_exhaustiveCheck)}`);
      }
    }
  }
  return offersTools ? total + overheads.toolUseSystemPrompt : total;
}

/** UTF-8 length without Buffer or TextEncoder; a lone surrogate counts as the 3-byte U+FFFD it becomes. */
function measureUtf8Bytes(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Typical tokens per character, calibrated against the emulator's tokenizers (see the table above). */
const WEIGHTS = {
  latinLetter: 0.2,
  digit: 0.4,
  space: 0.1,
  newline: 0.5,
  asciiPunctuation: 0.7,
  cjk: 1,
  greekOrCyrillic: 0.35,
  otherScript: 0.7,
  symbol: 1,
  emoji: 2.5,
  variationOrJoiner: 0.5,
} as const;

const ASCII_WEIGHTS: readonly number[] = Array.from({ length: 0x80 }, (_, code) => {
  const character = String.fromCharCode(code);
  if (/[A-Za-z]/.test(character)) return WEIGHTS.latinLetter;
  if (/[0-9]/.test(character)) return WEIGHTS.digit;
  if (character === ' ') return WEIGHTS.space;
  if (/\s/.test(character)) return WEIGHTS.newline;
  return WEIGHTS.asciiPunctuation;
});

function weighBmpCodeUnit(code: number): number {
  if (code <= 0xbf) return WEIGHTS.asciiPunctuation; // Latin-1 punctuation and symbols
  if (code <= 0x24f) return WEIGHTS.latinLetter; // Latin-1 letters, Latin Extended-A and -B
  if (code <= 0x2ff) return WEIGHTS.latinLetter; // IPA, spacing modifiers
  if (code <= 0x36f) return WEIGHTS.otherScript; // combining diacritical marks
  if (code <= 0x52f) return WEIGHTS.greekOrCyrillic;
  if (code >= 0x1100 && code <= 0x11ff) return WEIGHTS.cjk; // Hangul Jamo
  if (code >= 0x1e00 && code <= 0x1eff) return WEIGHTS.latinLetter; // Latin Extended Additional (Vietnamese)
  if (code <= 0x1fff) return WEIGHTS.otherScript; // Armenian to Greek Extended: Hebrew, Arabic, Indic, Thai...
  if (code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) return WEIGHTS.variationOrJoiner;
  if (code <= 0x206f) return WEIGHTS.asciiPunctuation; // general punctuation
  if (code <= 0x2bff) return WEIGHTS.symbol; // arrows, maths, box drawing, dingbats, BMP emoji
  if (code >= 0x2e80 && code <= 0x9fff) return WEIGHTS.cjk; // CJK punctuation, kana, ideographs
  if (code >= 0xac00 && code <= 0xd7af) return WEIGHTS.cjk; // Hangul syllables
  if (code >= 0xf900 && code <= 0xfaff) return WEIGHTS.cjk; // CJK compatibility ideographs
  if (code >= 0xff00 && code <= 0xffef) return WEIGHTS.cjk; // full-width forms
  if (code >= 0xd800 && code <= 0xdfff) return WEIGHTS.symbol; // a lone surrogate: U+FFFD on the wire
  return WEIGHTS.otherScript;
}

function weighAstralCodePoint(codePoint: number): number {
  if (codePoint >= 0x1f000 && codePoint <= 0x1faff) return WEIGHTS.emoji;
  if (codePoint >= 0x20000 && codePoint <= 0x3ffff) return 2 * WEIGHTS.cjk; // rare ideographs: byte pieces
  return WEIGHTS.emoji;
}
