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
