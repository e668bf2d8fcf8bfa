/**
 * Bench child: the floor. The least a gateway in front of Bedrock can do per request, so every other target
 * is read against it: a node:http server that parses the chat-completions body, builds the Converse body,
 * signs it with SigV4 (@smithy/signature-v4, the SDK's own signer) and forwards it over an HTTP/1.1
 * keep-alive agent to the emulator, then answers with a small JSON body (or pipes the event stream through,
 * undecoded, for `stream: true`). No auth, no validation, no logging, no retries.
 *
 *   node --import tsx bench/serve-floor.ts --emulator URL
 */
import { createHash, createHmac } from 'node:crypto';
import { Agent, createServer, type IncomingMessage, request } from 'node:http';
import { parseArgs } from 'node:util';
import { SignatureV4 } from '@smithy/signature-v4';
import { closeWhenAsked, reportReady } from './serve-child.js';

const { values } = parseArgs({ options: { emulator: { type: 'string' } } });
if (!values.emulator) throw new Error('serve-floor: --emulator is required');
const upstream = new URL(values.emulator);

type SourceData = string | ArrayBuffer | ArrayBufferView;
const toBytes = (data: SourceData) =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** The `Checksum` shape SignatureV4 expects, over node:crypto (HMAC when it is given a secret). */
class Sha256 {
  readonly #secret: SourceData | undefined;
  #hash;
  constructor(secret?: SourceData) {
    this.#secret = secret;
    this.#hash = this.#create();
  }
  #create() {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(this.#secret));
  }
  update(data: Uint8Array): void {
    this.#hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()));
  }
  reset(): void {
    this.#hash = this.#create();
  }
}

const signer = new SignatureV4({
  service: 'bedrock',
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  sha256: Sha256,
});
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}

interface ChatBody {
  model: string;
  max_tokens?: number;
  stream?: boolean;
  messages: Array<{ role: 'user' | 'assistant'; content: string }>;
}

const server = createServer(async (incoming, outgoing) => {
  try {
    const chat = JSON.parse(await readBody(incoming)) as ChatBody;
    const body = JSON.stringify({
      messages: chat.messages.map((message) => ({
        role: message.role,
        content: [{ text: message.content }],
      })),
      inferenceConfig: { maxTokens: chat.max_tokens ?? 64 },
    });
    const path = `/model/${encodeURIComponent(chat.model)}/${chat.stream ? 'converse-stream' : 'converse'}`;
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: upstream.hostname,
      port: Number(upstream.port),
      path,
      headers: { host: upstream.host, 'content-type': 'application/json' },
      body,
    });
    const forward = request(
      {
        agent,
        hostname: upstream.hostname,
        port: upstream.port,
        method: 'POST',
        path,
        headers: signed.headers,
      },
      (answer) => {
        if (chat.stream) {
          outgoing.writeHead(answer.statusCode ?? 502, {
            'content-type': 'application/vnd.amazon.eventstream',
          });
          answer.pipe(outgoing);
          return;
        }
        void readBody(answer).then((text) => {
          const converse = JSON.parse(text) as {
            output?: { message?: { content?: Array<{ text?: string }> } };
          };
          outgoing.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' });
          outgoing.end(JSON.stringify({ content: converse.output?.message?.content?.[0]?.text ?? '' }));
        });
      },
    );
    forward.on('error', () => outgoing.destroy());
    forward.end(body);
  } catch {
    outgoing.writeHead(500).end();
  }
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as { port: number };
closeWhenAsked(
  () =>
    new Promise<void>((resolve) => {
      agent.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);
reportReady({ url: `http://127.0.0.1:${port}` });
