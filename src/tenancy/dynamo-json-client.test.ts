import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeSha256 } from '../aws/node-sha256.js';
import { createDynamoJsonClient, type DynamoJsonClient, DynamoRequestError } from './dynamo-json-client.js';

const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

interface Received {
  request: IncomingMessage;
  body: string;
}

let server: Server | undefined;
let client: DynamoJsonClient | undefined;
afterEach(async () => {
  client?.destroy();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A loopback server answering each request with the next of `answers` (status and JSON body). */
async function startStore(
  answers: Array<{ status: number; body: unknown }>,
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ request, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers[Math.min(received.length - 1, answers.length - 1)]!;
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, received };
}

describe('createDynamoJsonClient', () => {
  it('sends a SigV4 signature that verifies against the request as it arrived', async () => {
    // Prepare
    const store = await startStore([{ status: 200, body: { Attributes: { n: { N: '1' } } } }]);
    client = createDynamoJsonClient({ endpoint: store.url, region: 'eu-west-1', credentials: CREDENTIALS });

    // Act
    const answer = await client.send('UpdateItem', { TableName: 't', Key: { pk: { S: 'a' } } });

    // Assess: re-sign what arrived (path, signed headers, body), at its own date: what was sent is what was signed
    expect(answer).toEqual({ Attributes: { n: { N: '1' } } });
    const [{ request, body }] = store.received as [Received];
    expect(request.headers['x-amz-target']).toBe('DynamoDB_20120810.UpdateItem');
    expect(request.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(JSON.parse(body)).toEqual({ TableName: 't', Key: { pk: { S: 'a' } } });
    const authorization = String(request.headers.authorization);
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');
    expect(signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-target']));
    const verifier = new SignatureV4({
      service: 'dynamodb',
      region: 'eu-west-1',
      credentials: CREDENTIALS,
      sha256: NodeSha256,
      applyChecksum: false,
    });
    const url = new URL(store.url);
    const stamp = String(request.headers['x-amz-date']);
    const signingDate = new Date(
      `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`,
    );
    const resigned = await verifier.sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: request.url!,
        query: {},
        headers: Object.fromEntries(signedHeaders.map((name) => [name, String(request.headers[name])])),
        body,
      },
      { signingDate },
    );
    expect(authorization).toBe(resigned.headers.authorization);
  });

  it("rejects with DynamoDB's error type as the name, keeping what it sent along", async () => {
    // Prepare
    const store = await startStore([
      {
        status: 400,
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
          message: 'The conditional request failed',
          Item: { pk: { S: 'a' } },
        },
      },
    ]);
    const sent: string[] = [];
    client = createDynamoJsonClient({
      endpoint: store.url,
      region: 'us-east-1',
      credentials: CREDENTIALS,
      onSend: (operation) => sent.push(operation),
    });

    // Act
    const error = await client.send('UpdateItem', {}).catch((reason: unknown) => reason);

    // Assess: a refusal is an answer, never retried
    expect(error).toBeInstanceOf(DynamoRequestError);
    expect(error).toMatchObject({
      name: 'ConditionalCheckFailedException',
      message: 'The conditional request failed',
      statusCode: 400,
      body: { Item: { pk: { S: 'a' } } },
    });
    expect(sent).toEqual(['UpdateItem']);
  });

  it('retries a throttled call and answers with the attempt that succeeds', async () => {
    // Prepare
    const store = await startStore([
      {
        status: 400,
        body: { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'slow down' },
      },
      { status: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError' } },
      { status: 200, body: { Item: { pk: { S: 'a' } } } },
    ]);
    client = createDynamoJsonClient({ endpoint: store.url, region: 'us-east-1', credentials: CREDENTIALS });

    // Act
    const answer = await client.send('GetItem', { TableName: 't' });

    // Assess
    expect(answer).toEqual({ Item: { pk: { S: 'a' } } });
    expect(store.received).toHaveLength(3);
  });

  it('gives up after maxAttempts and reports the last failure', async () => {
    // Prepare
    const store = await startStore([
      {
        status: 400,
        body: { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException' },
      },
    ]);
    client = createDynamoJsonClient({
      endpoint: store.url,
      region: 'us-east-1',
      credentials: CREDENTIALS,
      maxAttempts: 2,
    });

    // Act
    const error = await client.send('UpdateItem', {}).catch((reason: unknown) => reason);

    // Assess
    expect(error).toMatchObject({ name: 'ProvisionedThroughputExceededException', statusCode: 400 });
    expect(store.received).toHaveLength(2);
  });

  it('fails an attempt that gets no answer with TimeoutError, once, without sending the write again', async () => {
    // Prepare: a store that reads the request and never answers.
    let requests = 0;
    server = createServer(() => {
      requests++;
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    client = createDynamoJsonClient({
      endpoint: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`,
      region: 'us-east-1',
      credentials: CREDENTIALS,
      requestTimeoutMs: 50,
    });

    // Act
    const error = await client.send('UpdateItem', {}).catch((reason: unknown) => reason);

    // Assess
    expect(error).toBeInstanceOf(DynamoRequestError);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(requests).toBe(1);
    server!.closeAllConnections();
  });
});
