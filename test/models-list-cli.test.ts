import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');

/** `bedrock-gateway models list`: the console's Models page, from the command line. */
describe('bedrock-gateway models list', () => {
  it('prints the catalogue with lifecycle and capabilities, as the admin API describes it', async () => {
    // Act
    const cli = 'src/entry/cli.ts';
    // The built-in catalogue: no config file of the machine's.
    const { GATEWAY_CONFIG_FILE: _ignored, ...env } = process.env;
    const cwd = root;
    const json = await run(process.execPath, ['--import', 'tsx', cli, 'models', 'list', '--json'], {
      cwd,
      env,
    });
    const table = await run(process.execPath, ['--import', 'tsx', cli, 'models', 'list'], { cwd, env });

    // Assess
    const models = JSON.parse(json.stdout) as Array<{ id: string; lifecycle: { state: string } }>;
    expect(models.find((model) => model.id === 'claude-haiku')).toMatchObject({
      lifecycle: { state: 'active' },
      capabilities: { tools: true },
    });
    expect(new Set(models.map((model) => model.lifecycle.state))).toEqual(
      new Set(['active', 'legacy', 'eol']),
    );
    expect(table.stdout).toMatch(/^ALIAS\s+LIFECYCLE\s+KIND/);
    expect(table.stdout).toMatch(/\nclaude-3-5-sonnet\s+eol\s+text/);
  });
});
