/** The parts of mistral-tokenizer-js (which ships no types) that the emulator uses. */
declare module 'mistral-tokenizer-js' {
  const mistralTokenizer: {
    /** SentencePiece pieces by token id; `▁` stands for a space, `<0xNN>` for a fallback byte. */
    vocabById: string[];
    encode(text: string, addBosToken?: boolean, addPrecedingSpace?: boolean): number[];
    decode(tokens: number[], addBosToken?: boolean, addPrecedingSpace?: boolean): string;
  };
  export default mistralTokenizer;
}
