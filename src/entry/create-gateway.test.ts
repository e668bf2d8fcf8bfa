import type { Tracer } from '@aws-lambda-powertools/tracer';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { createGateway } from './create-gateway.js';

describe('createGateway', () => {
  it('hands the DynamoDB clients to the tracer, for X-Ray subsegments (Bedrock calls go over node:https)', () => {
    // Prepare
    const captured: string[] = [];
    const tracer = {
      captureAWSv3Client: <T>(client: T) => {
        captured.push((client as object).constructor.name);
        return client;
      },
    } as unknown as Tracer;
    const config = loadConfig({
      env: {},
      cwd: '/nonexistent',
      overrides: { dynamodb: { endpoint: 'http://127.0.0.1:9' } },
    });

    // Act
    const gateway = createGateway(config, {
      tracer,
      bedrockCredentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    gateway.close();

    // Assess
    expect(captured.sort()).toEqual(['DynamoDBClient']);
  });
});
