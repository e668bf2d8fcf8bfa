import type { StreamEvent } from '../stream-event.js';
import type { FamilyCodec } from './family-codec.js';

/** The body key Bedrock adds to every family's native answer when the call names a guardrail. */
const GUARDRAIL_ACTION_KEY = 'amazon-bedrock-guardrailAction';

/**
 * Whether a native response body (or stream chunk) says a guardrail intervened. InvokeModel with a guardrail
 * answers `"amazon-bedrock-guardrailAction": "INTERVENED | NONE"` next to the family's own fields, whatever the
 * family (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html, example "Use a
 * guardrail"); the text the family returns is then the guardrail's blocked message.
 */
export function isGuardrailIntervention(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    String((body as Record<string, unknown>)[GUARDRAIL_ACTION_KEY]).toUpperCase() === 'INTERVENED'
  );
}

/**
 * `codec`, with a guardrail intervention read as the stop reason `guardrail_intervened` (what Converse reports),
 * so that every route sees an intervention the same way whichever API served it. In a stream the intervention may
 * be reported on a chunk after the model's stop (Bedrock adds its own keys to the last chunk), so the stop is held
 * until the usage that always follows it.
 */
export function withGuardrailInterventions(codec: FamilyCodec): FamilyCodec {
  return {
    ...codec,
    fromNativeResponse(body, usageFromHeaders) {
      const result = codec.fromNativeResponse(body, usageFromHeaders);
      return isGuardrailIntervention(body) ? { ...result, stopReason: 'guardrail_intervened' } : result;
    },
    createStreamDecoder() {
      const decode = codec.createStreamDecoder();
      let intervened = false;
      let heldStop: Extract<StreamEvent, { type: 'message-stop' }> | undefined;
      return (chunk) => {
        if (isGuardrailIntervention(chunk)) intervened = true;
        const events: StreamEvent[] = [];
        for (const event of decode(chunk)) {
          if (event.type === 'message-stop') {
            heldStop = event;
            continue;
          }
          if (event.type === 'usage' && heldStop) {
            events.push(intervened ? { ...heldStop, stopReason: 'guardrail_intervened' } : heldStop);
            heldStop = undefined;
          }
          events.push(event);
        }
        return events;
      };
    },
  };
}
