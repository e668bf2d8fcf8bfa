import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../emulator/index.js';
import type { LifecycleFinding } from '../src/core/compare-model-lifecycle.js';

const run = promisify(execFile);

/**
 * `bedrock-gateway models check`, run as the CLI against the emulator's control plane (GetFoundationModel,
 * GetInferenceProfile), as an operator would against their account.
 */
let emulator: Emulator;
let url: string;
let folder: string;

const APPLICATION_PROFILE =
  'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/team42haiku';

beforeAll(async () => {
  emulator = createEmulator({
    applicationInferenceProfiles: { [APPLICATION_PROFILE]: 'us.anthropic.claude-haiku-4-5-20251001-v1:0' },
  });
  ({ url } = await emulator.listen(0, '127.0.0.1'));
  folder = mkdtempSync(join(tmpdir(), 'bgw-models-check-'));
});
afterAll(async () => {
  await emulator.close();
  rmSync(folder, { recursive: true, force: true });
});

async function check(
  config: Record<string, unknown> = {},
): Promise<{ code: number; findings: LifecycleFinding[] }> {
  const file = join(folder, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(config));
  const env = {
    ...process.env,
    GATEWAY_CONFIG_FILE: file,
    BEDROCK_ENDPOINT: url,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const result = await run(
    process.execPath,
    ['--import', 'tsx', 'src/entry/cli.ts', 'models', 'check', '--json'],
    { env },
  ).then(
    (output) => ({ code: 0, stdout: output.stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
  return { code: result.code, findings: JSON.parse(result.stdout) };
}

const byAlias = (findings: LifecycleFinding[], alias: string) =>
  findings.find((finding) => finding.alias === alias);

describe('bedrock-gateway models check', () => {
  it('agrees with Bedrock on the built-in catalogue: current models active, Legacy ones Legacy, retired ones gone', async () => {
    // Act
    const { code, findings } = await check();

    // Assess
    expect(code).toBe(0);
    expect(byAlias(findings, 'claude-sonnet')).toMatchObject({
      verdict: 'ok',
      catalogue: 'active',
      bedrock: 'ACTIVE',
    });
    expect(byAlias(findings, 'claude-sonnet-4-5')).toMatchObject({ verdict: 'legacy', bedrock: 'LEGACY' });
    expect(byAlias(findings, 'claude-3-5-sonnet')).toMatchObject({
      verdict: 'eol',
      catalogue: 'eol',
      bedrock: 'NOT_FOUND',
    });
    const served = findings.filter((finding) => finding.catalogue !== 'eol');
    expect(served.filter((finding) => !['ok', 'legacy'].includes(finding.verdict))).toEqual([]);
  }, 60_000);

  it('exits 1 and says so when the catalogue calls a Legacy model active, or serves a model Bedrock does not know', async () => {
    // Act
    const { code, findings } = await check({
      models: {
        'claude-sonnet-4-5': { lifecycle: { state: 'active' } },
        team: {
          id: APPLICATION_PROFILE,
          family: 'anthropic',
          maxOutputTokens: 100,
          contextWindow: 1000,
          price: { inputPerMTok: 1, outputPerMTok: 5 },
        },
        'team-gone': {
          id: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/deleted1',
          family: 'anthropic',
          maxOutputTokens: 100,
          contextWindow: 1000,
          price: { inputPerMTok: 1, outputPerMTok: 5 },
        },
        invented: {
          id: 'anthropic.nope-v9',
          family: 'anthropic',
          maxOutputTokens: 100,
          contextWindow: 1000,
          price: { inputPerMTok: 1, outputPerMTok: 1 },
        },
      },
    });

    // Assess
    expect(code).toBe(1);
    expect(byAlias(findings, 'claude-sonnet-4-5')).toMatchObject({
      verdict: 'outdated',
      detail: expect.stringContaining('update its lifecycle'),
    });
    expect(byAlias(findings, 'invented')).toMatchObject({ verdict: 'eol', bedrock: 'NOT_FOUND' });
    // An application profile is checked through the model it routes to; a deleted one is gone.
    expect(byAlias(findings, 'team')).toMatchObject({ verdict: 'ok', bedrock: 'ACTIVE' });
    expect(byAlias(findings, 'team-gone')).toMatchObject({ verdict: 'eol', bedrock: 'NOT_FOUND' });
  }, 60_000);
});
