import { describe, expect, it } from 'vitest';
import type { ConverseRequestBody } from './converse-request-schema.js';
import { resolveConverseGuardrail, writeConverseBody } from './govern-converse-request.js';

const GOVERNED = { identifier: 'arn:aws:bedrock:us-east-1:111122223333:guardrail/gr1abc', version: '2' };
const messages = [{ role: 'user', content: [{ text: 'Hi' }] }];

describe('the guardrail a Converse passthrough sends', () => {
  it('is always the governed one, even when the body names the same id and version by another ARN', () => {
    // Prepare: same id and version, another account and region; the client asks for a trace.
    const body = {
      messages,
      guardrailConfig: {
        guardrailIdentifier: 'arn:aws:bedrock:eu-west-1:444455556666:guardrail/gr1abc',
        guardrailVersion: '2',
        trace: 'enabled',
        streamProcessingMode: 'async',
      },
    } as unknown as ConverseRequestBody;
    const guardrail = resolveConverseGuardrail(body, GOVERNED);

    // Act
    const written = writeConverseBody(body, { maxTokens: 100, guardrail, serviceTier: undefined }, 1_000);

    // Assess
    expect(written.guardrailConfig).toEqual({
      guardrailIdentifier: GOVERNED.identifier,
      guardrailVersion: '2',
      trace: 'enabled',
      streamProcessingMode: 'async',
    });
  });

  it("is the governed one when the body names none, and the body's own when nothing governs", () => {
    // Prepare
    const plain = { messages } as unknown as ConverseRequestBody;
    const own = {
      messages,
      guardrailConfig: { guardrailIdentifier: 'gr9xyz', guardrailVersion: 'DRAFT' },
    } as unknown as ConverseRequestBody;

    // Act
    const governed = writeConverseBody(
      plain,
      { maxTokens: 100, guardrail: resolveConverseGuardrail(plain, GOVERNED), serviceTier: undefined },
      1_000,
    );
    const ungoverned = writeConverseBody(
      own,
      { maxTokens: 100, guardrail: resolveConverseGuardrail(own, undefined), serviceTier: undefined },
      1_000,
    );

    // Assess
    expect(governed.guardrailConfig).toEqual({
      guardrailIdentifier: GOVERNED.identifier,
      guardrailVersion: '2',
      trace: 'disabled',
    });
    expect(ungoverned.guardrailConfig).toEqual({ guardrailIdentifier: 'gr9xyz', guardrailVersion: 'DRAFT' });
  });
});
