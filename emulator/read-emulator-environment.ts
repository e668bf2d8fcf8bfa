import { z } from 'zod';
import type { EmulatorOptions } from './create-emulator.js';
import { parseFaultConfig } from './faults.js';

/** Where and how `npm run emulator` runs, read from the environment. */
export interface EmulatorEnvironment {
  port: number;
  host: string;
  options: EmulatorOptions;
}

/**
 * Reads `EMULATOR_PORT` (default 8081), `EMULATOR_HOST` (default 127.0.0.1), `EMULATOR_SEED` (default 0),
 * `EMULATOR_LATENCY_MS` (default 0), `EMULATOR_FAULTS` (JSON, see FaultConfig), `EMULATOR_REGION` (default
 * us-east-1) and `EMULATOR_APPLICATION_PROFILES` (JSON, profile ARN or id to the model it wraps).
 * Throws an Error naming the variable when one is invalid.
 */
export function readEmulatorEnvironment(environment: NodeJS.ProcessEnv): EmulatorEnvironment {
  const faults = environment.EMULATOR_FAULTS;
  const applicationProfiles = environment.EMULATOR_APPLICATION_PROFILES;
  return {
    port: readWholeNumber(environment, 'EMULATOR_PORT', 8081),
    host: environment.EMULATOR_HOST || '127.0.0.1',
    options: {
      seed: readWholeNumber(environment, 'EMULATOR_SEED', 0),
      latencyMs: readWholeNumber(environment, 'EMULATOR_LATENCY_MS', 0),
      faults: faults ? readFaults(faults) : undefined,
      ...(environment.EMULATOR_REGION ? { region: environment.EMULATOR_REGION } : {}),
      ...(applicationProfiles
        ? { applicationInferenceProfiles: readApplicationProfiles(applicationProfiles) }
        : {}),
    },
  };
}

const applicationProfilesSchema = z.record(z.string(), z.string());

function readApplicationProfiles(json: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(
      `EMULATOR_APPLICATION_PROFILES is not JSON: ${error instanceof Error ? error.message : error}`,
    );
  }
  const result = applicationProfilesSchema.safeParse(parsed);
  if (!result.success) {
    throw new Error('EMULATOR_APPLICATION_PROFILES must be a JSON object of profile ARN or id to model id');
  }
  return result.data;
}

function readWholeNumber(environment: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = environment[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number, got '${value}'`);
  return Number(value);
}

function readFaults(json: string) {
  try {
    return parseFaultConfig(json);
  } catch (error) {
    throw new Error(`EMULATOR_FAULTS: ${error instanceof Error ? error.message : String(error)}`);
  }
}
