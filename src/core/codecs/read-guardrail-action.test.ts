import { describe, expect, it } from 'vitest';
import nativeResponse from './__fixtures__/anthropic/response.json' with { type: 'json' };
import streamChunks from './__fixtures__/anthropic/stream.json' with { type: 'json' };
import { decodeStream } from './__fixtures__/canonical-builders.js';
import llamaResponse from './__fixtures__/llama3/response.json' with { type: 'json' };
import novaStreamChunks from './__fixtures__/nova/stream.json' with { type: 'json' };
import { codecFor } from './index.js';
import { novaCodec } from './nova.js';
import { isGuardrailIntervention } from './read-guardrail-action.js';

const BLOCKED = 'Sorry, the model cannot answer this question.';

describe('isGuardrailIntervention', () => {
  it.each([
    [{ 'amazon-bedrock-guardrailAction': 'INTERVENED' }, true],
    [{ 'amazon-bedrock-guardrailAction': 'NONE' }, false],
    [{}, false],
    [null, false],
    ['INTERVENED', false],
  ])('reads %j as %s', (body, expected) => {
    expect(isGuardrailIntervention(body)).toBe(expected);
  });
});

describe('codecFor with a guardrail intervention', () => {
  it('turns an Anthropic answer the guardrail replaced into guardrail_intervened', () => {
    // Prepare
    const body = {
      ...nativeResponse,
      content: [{ type: 'text', text: BLOCKED }],
      'amazon-bedrock-guardrailAction': 'INTERVENED',
    };

    // Act
    const result = codecFor('anthropic').fromNativeResponse(body);

    // Assess
    expect(result.stopReason).toBe('guardrail_intervened');
    expect(result.content).toEqual([{ type: 'text', text: BLOCKED }]);
  });

  it('does the same for a family without tools (Llama)', () => {
    const body = { ...llamaResponse, 'amazon-bedrock-guardrailAction': 'INTERVENED' };
    expect(codecFor('llama3').fromNativeResponse(body).stopReason).toBe('guardrail_intervened');
  });

  it('leaves the stop reason when the guardrail let the answer through', () => {
    const body = { ...nativeResponse, 'amazon-bedrock-guardrailAction': 'NONE' };
    expect(codecFor('anthropic').fromNativeResponse(body).stopReason).toBe('end_turn');
  });

  it('rewrites the stop of a stream whose last chunk reports the intervention, keeping usage last', () => {
    // Prepare
    const chunks = streamChunks.map((chunk) =>
      chunk.type === 'message_stop' ? { ...chunk, 'amazon-bedrock-guardrailAction': 'INTERVENED' } : chunk,
    );

    // Act
    const events = decodeStream(codecFor('anthropic').createStreamDecoder, chunks);

    // Assess
    expect(events.slice(-2)).toEqual([
      { type: 'message-stop', stopReason: 'guardrail_intervened' },
      { type: 'usage', usage: { inputTokens: 25, outputTokens: 5 } },
    ]);
  });

  it('rewrites a Nova stop reported one chunk before the intervention', () => {
    // Prepare: Nova stops on `messageStop`; Bedrock's own keys come on the metadata chunk after it.
    const chunks = novaStreamChunks.map((chunk, index) =>
      index === novaStreamChunks.length - 1
        ? { ...chunk, 'amazon-bedrock-guardrailAction': 'INTERVENED' }
        : chunk,
    );

    // Act
    const events = decodeStream(codecFor('nova').createStreamDecoder, chunks);

    // Assess
    expect(events.slice(-2)).toEqual([
      { type: 'message-stop', stopReason: 'guardrail_intervened' },
      { type: 'usage', usage: { inputTokens: 120, outputTokens: 5 } },
    ]);
    expect(events.filter((event) => event.type === 'message-stop')).toHaveLength(1);
  });

  it('passes a stream without an intervention through as the family decoded it', () => {
    expect(decodeStream(codecFor('nova').createStreamDecoder, novaStreamChunks)).toEqual(
      decodeStream(novaCodec.createStreamDecoder, novaStreamChunks),
    );
  });
});
