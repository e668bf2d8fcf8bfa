import { z } from 'zod';
import { parseBedrockBody } from '../codecs/parse-bedrock-body.js';
import { createStreamEventSequence } from '../codecs/stream-event-sequence.js';
import type { StreamEvent } from '../stream-event.js';
import { converseStopReasons } from './converse-stop-reasons.js';
import { base64BytesSchema, converseUsageSchema } from './convert-converse-usage.js';

const converseStreamEventSchema = z.object({
  messageStart: z.object({}).optional(),
  contentBlockStart: z
    .object({
      contentBlockIndex: z.number(),
      start: z
        .object({ toolUse: z.object({ toolUseId: z.string(), name: z.string() }).optional() })
        .optional(),
    })
    .optional(),
  contentBlockDelta: z
    .object({
      contentBlockIndex: z.number(),
      delta: z.object({
        text: z.string().optional(),
        toolUse: z.object({ input: z.string() }).optional(),
        reasoningContent: z
          .object({
            text: z.string().optional(),
            signature: z.string().optional(),
            redactedContent: base64BytesSchema.optional(),
          })
          .optional(),
      }),
    })
    .optional(),
  messageStop: z.object({ stopReason: z.string().nullish() }).optional(),
  metadata: z.object({ usage: converseUsageSchema.optional() }).optional(),
});

/**
 * A decoder for ConverseStream events (objects keyed by member name, e.g. `{ contentBlockDelta: {...} }`)
 * and for Amazon Nova's native stream chunks, which carry the same keys. Stateful per stream.
 *
 * Emits `message-start` first, `text-delta` / `tool-call-start` / `tool-call-delta` (indexed by
 * `contentBlockIndex`) / `reasoning-delta` / `reasoning-signature` / `redacted-reasoning`, `message-stop`
 * (or `error` for the `malformed_*` stop reasons), then one `usage` from `metadata` (with cache tokens), last.
 * Unknown members are skipped. Mid-stream exception members are
 * the caller's to handle. Throws UpstreamError for a known member with the wrong shape.
 */
export function createConverseStreamDecoder(): (event: unknown) => StreamEvent[] {
  const sequence = createStreamEventSequence();
  return (event) => {
    const parsed = parseBedrockBody(converseStreamEventSchema, event, 'a ConverseStream event');
    if (parsed.messageStart) sequence.start();
    const blockStart = parsed.contentBlockStart;
    if (blockStart?.start?.toolUse) {
      sequence.content({
        type: 'tool-call-start',
        index: blockStart.contentBlockIndex,
        toolCallId: blockStart.start.toolUse.toolUseId,
        toolName: blockStart.start.toolUse.name,
      });
    }
    const blockDelta = parsed.contentBlockDelta;
    if (blockDelta?.delta.text) sequence.content({ type: 'text-delta', text: blockDelta.delta.text });
    if (blockDelta?.delta.toolUse) {
      sequence.content({
        type: 'tool-call-delta',
        index: blockDelta.contentBlockIndex,
        inputDelta: blockDelta.delta.toolUse.input,
      });
    }
    const reasoning = blockDelta?.delta.reasoningContent;
    if (reasoning?.text) sequence.content({ type: 'reasoning-delta', text: reasoning.text });
    if (reasoning?.signature)
      sequence.content({ type: 'reasoning-signature', signature: reasoning.signature });
    if (reasoning?.redactedContent)
      sequence.content({ type: 'redacted-reasoning', data: reasoning.redactedContent });
    if (parsed.messageStop) sequence.stop(converseStopReasons, parsed.messageStop.stopReason);
    const usage = parsed.metadata?.usage;
    if (usage) sequence.usage(usage);
    return sequence.take();
  };
}
