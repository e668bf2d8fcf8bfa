import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventStreamFrames, readFrameHeader } from '../src/bedrock/read-event-stream-frames.js';
import restEvent from './__fixtures__/api-gateway-rest-event.json' with { type: 'json' };
import { type LambdaEntry, restEventWith, startLambdaEntry } from './support/start-lambda-entry.js';

/*
 * The Bedrock Runtime surface behind API Gateway's REST API `{proxy+}` route, through the real Lambda entry.
 * A REST API hands the Lambda `path` still percent-encoded (`:` as `%3A`, an ARN's `/` as `%2F`; see
 * src/entry/lambda/convert-rest-event-to-request.ts), and `pathParameters.proxy` decoded: the model id must be
 * read from the one encoded segment, never split on a decoded `/`.
 */

const CONVERSE_BODY = JSON.stringify({
  messages: [{ role: 'user', content: [{ text: 'Hello [[emulator:tokens=30]]' }] }],
});

/** A POST as API Gateway REST delivers it for `/{proxy+}`: `path` encoded, `proxy` decoded. */
function bedrockEvent(encodedPath: string, body = CONVERSE_BODY) {
  return restEventWith({
    path: encodedPath,
    pathParameters: { proxy: decodeURIComponent(encodedPath.slice(1)) },
    requestContext: { ...restEvent.requestContext, path: `/prod${encodedPath}` },
    body,
  });
}

async function* toAsyncIterable(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

let entry: LambdaEntry;
beforeAll(async () => {
  entry = await startLambdaEntry({ reliability: { maxAttemptsPerModel: 1 } });
});
afterAll(() => entry.close());

describe('Lambda entry: Bedrock Runtime paths from an API Gateway REST event', () => {
  it('routes /model/us.anthropic...%3A0/converse to that model and answers in Converse JSON', async () => {
    // Act
    const { outcome, stream } = await entry.invoke(
      bedrockEvent('/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse'),
    );

    // Assess
    expect(outcome).toEqual({ status: 'fulfilled' });
    const { metadata, body } = stream.parse();
    expect(metadata.statusCode).toBe(200);
    expect(metadata.headers['x-bedrock-gateway-model']).toBe('claude-haiku');
    const answer = JSON.parse(body);
    expect(answer.stopReason).toBe('end_turn');
    expect(answer.usage.outputTokens).toBe(30);
    expect(answer.output.message.content[0].text).toMatch(
      /^Emulated reply from global\.anthropic\.claude-haiku/,
    );
  });

  it('routes an inference-profile ARN whose / and : arrive percent-encoded as one model id', async () => {
    // Act
    const { stream } = await entry.invoke(
      bedrockEvent(
        '/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse',
      ),
    );

    // Assess
    const { metadata, body } = stream.parse();
    expect(metadata.statusCode).toBe(200);
    expect(metadata.headers['x-bedrock-gateway-model']).toBe('claude-haiku');
    expect(JSON.parse(body).usage.outputTokens).toBe(30);
  });

  it('streams converse-stream as event-stream frames, byte for byte through the Lambda response stream', async () => {
    // Act
    const { stream } = await entry.invoke(
      bedrockEvent('/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse-stream'),
    );

    // Assess
    const { metadata, bodyBytes } = stream.parse();
    expect(metadata.statusCode).toBe(200);
    expect(metadata.headers['content-type']).toBe('application/vnd.amazon.eventstream');
    const eventTypes: string[] = [];
    for await (const frame of readEventStreamFrames(toAsyncIterable(bodyBytes))) {
      eventTypes.push(readFrameHeader(frame.message, ':event-type') ?? '?');
    }
    expect(eventTypes[0]).toBe('messageStart');
    expect(eventTypes.slice(-2)).toEqual(['messageStop', 'metadata']);
  });

  it("answers an unknown key in Bedrock's error format", async () => {
    // Act
    const { stream } = await entry.invoke(
      bedrockEvent('/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse'),
      { key: `bgw_${'B'.repeat(43)}` },
    );

    // Assess
    const { metadata, body } = stream.parse();
    expect(metadata.statusCode).toBe(403);
    expect(metadata.headers['x-amzn-errortype'] ?? metadata.headers['x-amzn-ErrorType']).toBe(
      'AccessDeniedException',
    );
    expect(JSON.parse(body).message).toMatch(/^Authentication failed: /);
  });
});
