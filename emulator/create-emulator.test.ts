import http2 from 'node:http2';
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { createEmulator } from './create-emulator.js';
import { createTestClient, startTestEmulator, waitFor } from './testing/start-test-emulator.js';

const converseInput = (modelId: string) => ({
  modelId,
  messages: [{ role: 'user' as const, content: [{ text: 'Hi' }] }],
});

describe('createEmulator', () => {
  it('serves HTTP/2 and HTTP/1.1 clients on the same port', async () => {
    // Prepare
    const running = await startTestEmulator();

    // Act
    const overHttp2 = await running.clients.http2.send(
      new ConverseCommand(converseInput('amazon.nova-lite-v1:0')),
    );
    const overHttp1 = await running.clients.http1.send(
      new ConverseCommand(converseInput('amazon.nova-lite-v1:0')),
    );
    const overFetch = await fetch(`${running.url}/model/amazon.nova-lite-v1%3A0/converse`, {
      method: 'POST',
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }),
    });
    await running.close();

    // Assess
    expect(overHttp2.output?.message?.content?.[0]?.text).toBeDefined();
    expect(overHttp1.output?.message?.content?.[0]?.text).toBe(overHttp2.output?.message?.content?.[0]?.text);
    expect(overFetch.status).toBe(200);
  });

  it('answers an unknown path with a 404 UnknownOperationException in the Bedrock error shape', async () => {
    // Prepare
    const running = await startTestEmulator();

    // Act
    const response = await fetch(`${running.url}/model/amazon.nova-lite-v1%3A0/generate`, {
      method: 'POST',
      body: '{}',
    });
    const body = await response.json();
    await running.close();

    // Assess
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(body).toEqual({ message: expect.stringContaining('/model/amazon.nova-lite-v1%3A0/generate') });
  });

  it('counts calls per model id, failed ones included, until reset', async () => {
    // Prepare
    const running = await startTestEmulator();
    const client = running.clients.http2;

    // Act
    await client.send(new ConverseCommand(converseInput('amazon.nova-lite-v1:0')));
    await client.send(new ConverseCommand(converseInput('amazon.nova-lite-v1:0')));
    await client.send(new ConverseCommand(converseInput('acme.nothing-v1'))).catch(() => undefined);
    const counted = new Map(running.emulator.stats.requestsByModel);
    running.emulator.resetStats();
    const afterReset = running.emulator.stats.requestsByModel.size;
    await running.close();

    // Assess
    expect(counted).toEqual(
      new Map([
        ['amazon.nova-lite-v1:0', 2],
        ['acme.nothing-v1', 1],
      ]),
    );
    expect(afterReset).toBe(0);
  });

  it('closes promptly while HTTP/2 sessions and streams are still open', async () => {
    // Prepare
    const emulator = createEmulator();
    const { url } = await emulator.listen();
    const client = createTestClient(url, 'http2');
    await client.send(new ConverseCommand(converseInput('amazon.nova-lite-v1:0')));
    const session = http2.connect(url);
    const stream = session.request({
      ':method': 'POST',
      ':path': '/model/amazon.nova-lite-v1%3A0/converse-stream',
    });
    stream.on('error', () => undefined);
    session.on('error', () => undefined);
    stream.end(
      JSON.stringify({ messages: [{ role: 'user', content: [{ text: '[[emulator:delay_ms=1000]]' }] }] }),
    );
    await waitFor(() => emulator.stats.openStreams === 1);
    const startedAt = performance.now();

    // Act
    await emulator.close();

    // Assess
    expect(performance.now() - startedAt).toBeLessThan(500);
    await waitFor(() => emulator.stats.openStreams === 0);
    client.destroy();
    session.destroy();
  });

  it('refuses options it cannot honour', () => {
    expect(() => createEmulator({ latencyMs: -1 })).toThrow('latencyMs');
    expect(() => createEmulator({ seed: 1.5 })).toThrow('seed');
    expect(() => createEmulator({ faults: { claude: { throttle: 2 } } })).toThrow('claude.throttle');
  });
});
