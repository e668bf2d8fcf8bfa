import { describe, expect, it } from 'vitest';
import { readEmulatorEnvironment } from './read-emulator-environment.js';

describe('readEmulatorEnvironment', () => {
  it('uses the defaults when nothing is set', () => {
    expect(readEmulatorEnvironment({})).toEqual({
      port: 8081,
      host: '127.0.0.1',
      options: { seed: 0, latencyMs: 0, faults: undefined },
    });
  });

  it('reads every variable', () => {
    // Act
    const environment = readEmulatorEnvironment({
      EMULATOR_PORT: '9000',
      EMULATOR_HOST: '0.0.0.0',
      EMULATOR_SEED: '42',
      EMULATOR_LATENCY_MS: '25',
      EMULATOR_FAULTS: '{"claude":{"throttle":0.1}}',
      EMULATOR_REGION: 'eu-west-1',
      EMULATOR_APPLICATION_PROFILES: '{"abc123":"eu.anthropic.claude-opus-4-8"}',
    });

    // Assess
    expect(environment).toEqual({
      port: 9000,
      host: '0.0.0.0',
      options: {
        seed: 42,
        latencyMs: 25,
        faults: { claude: { throttle: 0.1 } },
        region: 'eu-west-1',
        applicationInferenceProfiles: { abc123: 'eu.anthropic.claude-opus-4-8' },
      },
    });
  });

  it.each([
    [{ EMULATOR_PORT: 'eighty' }, 'EMULATOR_PORT must be a whole number'],
    [{ EMULATOR_SEED: '-1' }, 'EMULATOR_SEED must be a whole number'],
    [{ EMULATOR_FAULTS: '{"claude":{"throttle":3}}' }, 'EMULATOR_FAULTS: Invalid fault config'],
    [{ EMULATOR_APPLICATION_PROFILES: '["abc"]' }, 'EMULATOR_APPLICATION_PROFILES must be a JSON object'],
  ])('names the variable that is wrong in %j', (environment, message) => {
    expect(() => readEmulatorEnvironment(environment)).toThrow(message);
  });
});
