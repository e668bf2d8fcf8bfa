import {
  type BedrockClient,
  GetInferenceProfileCommand,
  ListInferenceProfilesCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-bedrock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayControlClient, TRANSPORTS } from './support/bedrock-clients.js';
import { startStack, type TestStack } from './support/start-stack.js';

/*
 * The inference-profile reads of Bedrock's control plane that Claude Code in Bedrock mode makes at startup
 * (`GET /inference-profiles?type=SYSTEM_DEFINED`, `GET /inference-profiles/{id}`), through
 * @aws-sdk/client-bedrock with a gateway key as its bearer token: served from the catalogue, limited to the
 * key's models.
 */

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

async function listAll(client: BedrockClient): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED', maxResults: 5, nextToken }),
    );
    ids.push(...(page.inferenceProfileSummaries ?? []).map((profile) => profile.inferenceProfileId!));
    nextToken = page.nextToken;
  } while (nextToken);
  return ids;
}

describe.each(TRANSPORTS)('@aws-sdk/client-bedrock inference profiles over %s', (transport) => {
  it("lists the system profiles of the key's models only, page by page", async () => {
    // Prepare
    const key = await stack.createKey({
      name: `three-models-${transport}`,
      models: ['claude-haiku', 'claude-opus-5', 'nova-lite'],
    });
    const client = createGatewayControlClient(stack.url, key, transport);
    const unlimited = createGatewayControlClient(stack.url, stack.key!, transport);

    // Act
    const ids = await listAll(client);
    const everything = await listAll(unlimited);
    client.destroy();
    unlimited.destroy();

    // Assess
    // Nova Lite is called by its base id, which is no inference profile: it is not listed.
    expect(ids.sort()).toEqual([
      'global.anthropic.claude-haiku-4-5-20251001-v1:0',
      'global.anthropic.claude-opus-5',
    ]);
    expect(everything.length).toBeGreaterThan(5);
    expect(new Set(everything).size).toBe(everything.length);
    expect(everything.every((id) => /^(global|us|eu|apac|jp|au|us-gov)\./.test(id))).toBe(true);
  });

  it('describes a profile by another Region prefix of a configured model, with its foundation model', async () => {
    // Prepare
    const client = createGatewayControlClient(stack.url, stack.key!, transport);

    // Act
    const profile = await client.send(
      new GetInferenceProfileCommand({ inferenceProfileIdentifier: 'us.anthropic.claude-opus-5' }),
    );
    client.destroy();

    // Assess
    expect(profile).toMatchObject({
      inferenceProfileId: 'us.anthropic.claude-opus-5',
      status: 'ACTIVE',
      type: 'SYSTEM_DEFINED',
      models: [{ modelArn: expect.stringMatching(/:foundation-model\/anthropic\.claude-opus-5$/) }],
    });
  });

  it("answers ResourceNotFoundException for a profile of a model outside the key's allow-list", async () => {
    // Prepare
    const key = await stack.createKey({ name: `haiku-only-${transport}`, models: ['claude-haiku'] });
    const client = createGatewayControlClient(stack.url, key, transport);

    // Act
    const error = await client
      .send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: 'global.anthropic.claude-opus-5' }))
      .catch((caught: unknown) => caught);
    client.destroy();

    // Assess
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
  });
});

describe('the control plane without a gateway key', () => {
  it('refuses the listing in Bedrock error format', async () => {
    // Act
    const response = await fetch(`${stack.url}/inference-profiles?type=SYSTEM_DEFINED`);

    // Assess
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect((await response.json()).message).toMatch(/AWS_BEARER_TOKEN_BEDROCK/);
  });
});
