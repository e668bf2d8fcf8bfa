import type { StopReasonMapping } from '../codecs/map-stop-reason.js';

/**
 * Converse's `stopReason` values (shared by Amazon Nova's native API).
 * `model_context_window_exceeded` means the answer was cut short for lack of room, which clients know as
 * `max_tokens` (OpenAI `length`). The two `malformed_*` values mean the model produced output Bedrock could not
 * use; they fail the request, so that a fallback model can answer instead of the client getting a broken result.
 */
export const converseStopReasons: StopReasonMapping = {
  source: 'converse',
  reasons: {
    end_turn: 'end_turn',
    tool_use: 'tool_use',
    max_tokens: 'max_tokens',
    stop_sequence: 'stop_sequence',
    guardrail_intervened: 'guardrail_intervened',
    content_filtered: 'content_filtered',
    model_context_window_exceeded: 'max_tokens',
  },
  failures: {
    malformed_model_output: 'the model produced output that Bedrock could not parse',
    malformed_tool_use: 'the model produced a tool call that does not match the tool definition',
  },
};
