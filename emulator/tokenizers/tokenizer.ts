/**
 * A model family's tokenizer, as the emulator uses it: every count (input, output, CountTokens, the native
 * usage fields and invocation metrics) and every split (max-token truncation, stream chunks) goes through one,
 * so all figures agree with one another and with the real model's where the tokenizer is the real one.
 */
export interface Tokenizer {
  /** The vocabulary, e.g. `o200k_base`; the README says which families it counts exactly. */
  readonly name: string;
  /** The tokens the model reads for a text, as Bedrock would bill them as input. */
  countTokens(text: string): number;
  /**
   * The text as the model writes it, token by token: pieces whose concatenation is the text. A piece holds
   * several tokens when they split one character (a rare ideograph or an emoji in byte tokens), since a
   * stream can only carry whole characters.
   */
  splitIntoPieces(text: string): TokenPiece[];
}

/** A piece of text and how many tokens it is. */
export interface TokenPiece {
  text: string;
  tokens: number;
}

/** The tokens in some pieces. */
export function sumTokens(pieces: readonly TokenPiece[]): number {
  let total = 0;
  for (const piece of pieces) total += piece.tokens;
  return total;
}

/** The longest run of leading pieces that holds at most `maxTokens` tokens. */
export function takeTokens(pieces: readonly TokenPiece[], maxTokens: number): TokenPiece[] {
  let total = 0;
  let end = 0;
  while (end < pieces.length && total + pieces[end]!.tokens <= maxTokens) total += pieces[end++]!.tokens;
  return pieces.slice(0, end);
}

/** The text of some pieces. */
export function joinPieces(pieces: readonly TokenPiece[]): string {
  return pieces.map((piece) => piece.text).join('');
}

/**
 * Cuts a text into token pieces from the UTF-8 bytes each token covers, in order. A piece ends where a token
 * ends on a character boundary. A token that covers no byte of the text (a SentencePiece dummy prefix) joins
 * the next piece. Throws when the lengths do not add up to the text, which would be an encoder bug.
 */
export function cutIntoPieces(text: string, tokenByteLengths: readonly number[]): TokenPiece[] {
  const bytes = Buffer.from(text, 'utf8');
  const pieces: TokenPiece[] = [];
  let start = 0;
  let end = 0;
  let tokens = 0;
  for (const length of tokenByteLengths) {
    end += length;
    tokens++;
    if (end === start) continue;
    if (end < bytes.length && isContinuationByte(bytes[end]!)) continue;
    pieces.push({ text: bytes.toString('utf8', start, end), tokens });
    start = end;
    tokens = 0;
  }
  if (end !== bytes.length) {
    throw new Error(`The tokens cover ${end} bytes of a ${bytes.length}-byte text.`);
  }
  if (tokens > 0) {
    const last = pieces.at(-1);
    if (last) last.tokens += tokens;
    else pieces.push({ text: '', tokens });
  }
  return pieces;
}

function isContinuationByte(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}
