import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import type { BedrockInvoker } from '../../bedrock/bedrock-invoker.js';
import { createModelChain } from '../../bedrock/model-chain.js';
import { buildModelRegistry, loadConfig } from '../../config/load-config.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { createApp } from '../app.js';

/** The app with auth off and an invoker whose stream ends after some text, without a stop event. */
function appWithTruncatedStream() {
  const config = loadConfig({ env: {}, cwd: '/nonexistent', overrides: { auth: { mode: 'none' } } });
  const invoker = {
    async stream() {
      async function* events(): AsyncGenerator<StreamEvent> {
        yield { type: 'message-start' };
        yield { type: 'text-delta', text: 'Half an ans' };
      }
      return events();
    },
  } as unknown as BedrockInvoker;
  return createApp({
    config,
    registry: buildModelRegistry(config),
    invoker,
    modelChain: createModelChain({
      policy: config.reliability,
      attemptTimeoutMs: 1000,
      circuitBreaker: config.reliability.circuitBreaker,
    }),
    logger: new Logger({ logLevel: 'SILENT' }),
  });
}

describe('POST /v1/generate streaming', () => {
  it('ends a stream that stops without a stop reason with an error event, never a made-up done', async () => {
    // Act
    const response = await appWithTruncatedStream().request('/v1/generate', {
      method: 'POST',
      body: JSON.stringify({ prompt: 'Hi', stream: true }),
    });
    const body = await response.text();

    // Assess
    expect(response.status).toBe(200);
    expect(body).toContain('event: delta');
    expect(body).not.toContain('event: done');
    expect(body).toMatch(/event: error\ndata: .*"code":"upstream_stream_incomplete"/);
  });
});
