import {
  BedrockClient,
  GetFoundationModelCommand,
  GetInferenceProfileCommand,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  paginateListInferenceProfiles,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-bedrock';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../create-emulator.js';

const APPLICATION_PROFILE = 'arn:aws:bedrock:eu-west-1:111122223333:application-inference-profile/team42abc';
const TRANSPORTS = ['http1', 'http2'] as const;

let emulator: Emulator;
const clients = {} as Record<(typeof TRANSPORTS)[number], BedrockClient>;

beforeAll(async () => {
  emulator = createEmulator({
    region: 'eu-west-1',
    accountId: '111122223333',
    applicationInferenceProfiles: { [APPLICATION_PROFILE]: 'eu.anthropic.claude-opus-4-8' },
  });
  const { url } = await emulator.listen();
  for (const transport of TRANSPORTS) {
    clients[transport] = new BedrockClient({
      region: 'eu-west-1',
      endpoint: url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
      requestHandler: transport === 'http1' ? new NodeHttpHandler() : new NodeHttp2Handler(),
    });
  }
});
afterAll(async () => {
  for (const client of Object.values(clients)) client.destroy();
  await emulator.close();
});

describe.each(TRANSPORTS)('the control plane over %s, through @aws-sdk/client-bedrock', (transport) => {
  it('lists the serving models with their lifecycle, and no retired one', async () => {
    // Act
    const { modelSummaries = [] } = await clients[transport].send(new ListFoundationModelsCommand({}));
    const byId = new Map(modelSummaries.map((summary) => [summary.modelId, summary]));

    // Assess
    expect(byId.get('anthropic.claude-sonnet-4-5-20250929-v1:0')).toMatchObject({
      modelArn: 'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
      providerName: 'Anthropic',
      inferenceTypesSupported: ['INFERENCE_PROFILE'],
      outputModalities: ['TEXT'],
      responseStreamingSupported: true,
      modelLifecycle: {
        status: 'LEGACY',
        legacyTime: new Date('2026-10-08T00:00:00Z'),
        publicExtendedAccessTime: new Date('2027-01-08T00:00:00Z'),
        endOfLifeTime: new Date('2027-04-08T00:00:00Z'),
      },
    });
    expect(byId.get('amazon.nova-lite-v1:0')).toMatchObject({
      inferenceTypesSupported: ['ON_DEMAND'],
      modelLifecycle: { status: 'ACTIVE', startOfLifeTime: new Date('2024-12-03T00:00:00Z') },
    });
    expect(byId.has('anthropic.claude-3-5-sonnet-20240620-v1:0')).toBe(false);
    expect(byId.has('cohere.command-r-v1:0')).toBe(false);
    expect(byId.has('amazon.titan-text-express-v1')).toBe(false);
  });

  it('filters by provider (case-insensitively), output modality and inference type', async () => {
    // Act
    const [meta, embeddings, onDemand] = await Promise.all([
      clients[transport].send(new ListFoundationModelsCommand({ byProvider: 'meta' })),
      clients[transport].send(new ListFoundationModelsCommand({ byOutputModality: 'EMBEDDING' })),
      clients[transport].send(new ListFoundationModelsCommand({ byInferenceType: 'ON_DEMAND' })),
    ]);

    // Assess
    expect(new Set(meta.modelSummaries?.map((summary) => summary.providerName))).toEqual(new Set(['Meta']));
    expect(embeddings.modelSummaries?.map((summary) => summary.modelId).sort()).toEqual([
      'amazon.titan-embed-text-v2:0',
      'cohere.embed-english-v3',
      'cohere.embed-multilingual-v3',
      'cohere.embed-v4:0',
    ]);
    const onDemandIds = onDemand.modelSummaries?.map((summary) => summary.modelId) ?? [];
    expect(onDemandIds).toContain('openai.gpt-oss-120b-1:0');
    expect(onDemandIds).not.toContain('anthropic.claude-opus-4-8');
  });

  it('details a model by id or ARN, and refuses a retired or unknown one', async () => {
    // Act
    const byId = await clients[transport].send(
      new GetFoundationModelCommand({ modelIdentifier: 'anthropic.claude-opus-4-1-20250805-v1:0' }),
    );
    const byArn = await clients[transport].send(
      new GetFoundationModelCommand({
        modelIdentifier: 'arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-micro-v1:0',
      }),
    );
    const retired = await clients[transport]
      .send(new GetFoundationModelCommand({ modelIdentifier: 'amazon.titan-text-express-v1' }))
      .catch((caught: unknown) => caught);

    // Assess
    expect(byId.modelDetails?.modelLifecycle).toEqual({
      status: 'LEGACY',
      startOfLifeTime: new Date('2025-08-05T00:00:00Z'),
      legacyTime: new Date('2026-07-08T00:00:00Z'),
      publicExtendedAccessTime: new Date('2026-10-08T00:00:00Z'),
      endOfLifeTime: new Date('2027-01-08T00:00:00Z'),
    });
    expect(byArn.modelDetails?.modelName).toBe('Nova Micro');
    expect(retired).toBeInstanceOf(ValidationException);
    expect((retired as Error).message).toBe(
      'Could not find model with identifier amazon.titan-text-express-v1',
    );
  });

  it('lists system profiles and the application profiles it was given, filtered by type', async () => {
    // Act
    const system = await clients[transport].send(
      new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED' }),
    );
    const application = await clients[transport].send(
      new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }),
    );
    const opus = system.inferenceProfileSummaries?.find(
      (profile) => profile.inferenceProfileId === 'eu.anthropic.claude-opus-4-8',
    );

    // Assess
    expect(opus).toMatchObject({
      inferenceProfileName: 'EU Anthropic Claude Opus 4.8',
      inferenceProfileArn:
        'arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.anthropic.claude-opus-4-8',
      status: 'ACTIVE',
      type: 'SYSTEM_DEFINED',
    });
    expect(opus?.models).toContainEqual({
      modelArn: 'arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-opus-4-8',
    });
    expect(
      system.inferenceProfileSummaries?.some((profile) => profile.inferenceProfileId?.includes('claude-3-')),
    ).toBe(false);
    expect(application.inferenceProfileSummaries).toEqual([
      expect.objectContaining({
        inferenceProfileArn: APPLICATION_PROFILE,
        type: 'APPLICATION',
        models: opus?.models,
      }),
    ]);
  });

  it('pages with maxResults and nextToken, and the pages add up to the whole list', async () => {
    // Prepare
    const whole = await clients[transport].send(new ListInferenceProfilesCommand({}));

    // Act
    const pages = [];
    for await (const page of paginateListInferenceProfiles({ client: clients[transport], pageSize: 7 }, {})) {
      pages.push(page);
    }

    // Assess
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.slice(0, -1).every((page) => page.inferenceProfileSummaries?.length === 7)).toBe(true);
    expect(pages.flatMap((page) => page.inferenceProfileSummaries)).toEqual(whole.inferenceProfileSummaries);
    expect(whole.nextToken).toBeUndefined();
  });

  it('gets a profile by id or ARN, a global one with the Region-less model ARN, and refuses an unknown one', async () => {
    // Act
    const global = await clients[transport].send(
      new GetInferenceProfileCommand({ inferenceProfileIdentifier: 'global.anthropic.claude-sonnet-4-6' }),
    );
    const application = await clients[transport].send(
      new GetInferenceProfileCommand({ inferenceProfileIdentifier: APPLICATION_PROFILE }),
    );
    const unknown = await clients[transport]
      .send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: 'apac.anthropic.claude-opus-4-8' }))
      .catch((caught: unknown) => caught);

    // Assess
    expect(global.models).toEqual([
      { modelArn: 'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-6' },
      { modelArn: 'arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-6' },
    ]);
    expect(application.type).toBe('APPLICATION');
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
  });

  it("refuses a filter outside its enum in the Smithy layer's words", async () => {
    // Act
    const error = await clients[transport]
      .send(new ListFoundationModelsCommand({ byOutputModality: 'AUDIO' as 'TEXT' }))
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toBe(
      "1 validation error detected: Value 'AUDIO' at 'byOutputModality' failed to satisfy constraint: Member must satisfy enum value set: [TEXT, IMAGE, EMBEDDING]",
    );
  });
});
