import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  renderTerraformModels,
  TERRAFORM_MODELS_COMMAND,
  TERRAFORM_MODELS_PATH,
} from '../../scripts/write-terraform-models.js';
import { DEFAULT_MODELS } from '../../src/core/default-models.js';

const entry = (id: string, lifecycle?: { state: string }) => ({
  id,
  family: 'anthropic',
  ...(lifecycle && { lifecycle }),
});

describe('infra/terraform/default-models.json', () => {
  it('is what DEFAULT_MODELS renders to, so Terraform allows exactly the built-in models', () => {
    // Prepare
    const committed = readFileSync(TERRAFORM_MODELS_PATH, 'utf8');

    // Act
    const rendered = renderTerraformModels(DEFAULT_MODELS);

    // Assess
    expect(
      committed === rendered,
      `infra/terraform/default-models.json is out of date with DEFAULT_MODELS: run \`${TERRAFORM_MODELS_COMMAND}\` and commit the file.`,
    ).toBe(true);
  });

  it('lists active and legacy models by alias, and leaves out end-of-life ones', () => {
    const rendered = JSON.parse(
      renderTerraformModels({
        zeta: entry('anthropic.claude-zeta-v1:0'),
        legacy: entry('global.anthropic.claude-legacy-v1:0', { state: 'legacy' }),
        gone: entry('anthropic.claude-gone-v1:0', { state: 'eol' }),
        alpha: entry('us.anthropic.claude-alpha-v1:0', { state: 'active' }),
      }),
    ) as { models: Record<string, unknown> };

    expect(rendered.models).toEqual({
      alpha: { id: 'us.anthropic.claude-alpha-v1:0', family: 'anthropic' },
      legacy: { id: 'global.anthropic.claude-legacy-v1:0', family: 'anthropic' },
      zeta: { id: 'anthropic.claude-zeta-v1:0', family: 'anthropic' },
    });
    expect(Object.keys(rendered.models)).toEqual(['alpha', 'legacy', 'zeta']);
  });

  it('refuses a built-in model whose id is an ARN, whose foundation models Terraform cannot know', () => {
    const arn = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6';

    expect(() => renderTerraformModels({ tracked: entry(arn) })).toThrow(
      /DEFAULT_MODELS\['tracked'\]\.id is an ARN/,
    );
  });
});
