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
    });

    // Assess
    expect(environment).toEqual({
      port: 9000,
      host: '0.0.0.0',
      options: { seed: 42, latencyMs: 25, faults: { claude: { throttle: 0.1 } } },
    });
  });

  it.each([
    [{ EMULATOR_PORT: 'eighty' }, 'EMULATOR_PORT must be a whole number'],
    [{ EMULATOR_SEED: '-1' }, 'EMULATOR_SEED must be a whole number'],
    [{ EMULATOR_FAULTS: '{"claude":{"throttle":3}}' }, 'EMULATOR_FAULTS: Invalid fault config'],
  ])('names the variable that is wrong in %j', (environment, message) => {
    expect(() => readEmulatorEnvironment(environment)).toThrow(message);
  });
});
