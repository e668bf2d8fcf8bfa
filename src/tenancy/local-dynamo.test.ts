import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { startLocalDynamo } from './local-dynamo.js';

const SOURCE_ROOT = join(import.meta.dirname, '..');

async function listSourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('startLocalDynamo', () => {
  it('serves the gateway tables on loopback and stops cleanly', async () => {
    // Act
    const dynamo = await startLocalDynamo({ tables: { keys: 'local-keys', usage: 'local-usage' } });
    const { Table } = await dynamo.client.send(new DescribeTableCommand({ TableName: 'local-keys' }));
    await dynamo.close();

    // Assess
    expect(dynamo.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Table).toMatchObject({
      TableStatus: 'ACTIVE',
      KeySchema: [{ AttributeName: 'keyHash', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [expect.objectContaining({ IndexName: 'keyId-index' })],
    });
    await expect(fetch(dynamo.endpoint)).rejects.toThrow();
  });

  it('is the only source file that imports dynalite, which the Lambda bundle must not contain', async () => {
    // Prepare
    const files = await listSourceFiles(SOURCE_ROOT);

    // Act
    const importers: string[] = [];
    for (const file of files) {
      if (/from ['"]dynalite['"]/.test(await readFile(file, 'utf8')))
        importers.push(relative(SOURCE_ROOT, file));
    }

    // Assess
    expect(importers).toEqual(['tenancy/local-dynamo.ts']);
  });
});
