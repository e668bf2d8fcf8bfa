import { type ModelTarget, resolveSystemModelId } from './resolve-model-id.js';

/**
 * Application inference profiles the emulator serves, since it cannot know what a real one wraps: each key is a
 * profile's ARN (`arn:aws:bedrock:<region>:<account>:application-inference-profile/<id>`) or its bare id, each value
 * the model it routes to: a base id, a system-defined profile id, or either's ARN.
 */
export type ApplicationInferenceProfiles = Readonly<Record<string, string>>;

/** One application profile, as the runtime and the control plane see it. */
export interface ApplicationProfile {
  /** The resource id after `application-inference-profile/`. */
  id: string;
  arn: string;
  /** What the profile wraps, as the operations resolve it. */
  target: ModelTarget;
}

/** The configured application profiles, looked up by resource id. */
export interface ApplicationProfileRegistry {
  find(id: string): ApplicationProfile | undefined;
  list(): readonly ApplicationProfile[];
}

const ARN_PATTERN =
  /^arn:aws(?:-[^:]+)?:bedrock:[a-z0-9-]{1,20}:\d{12}:application-inference-profile\/([a-zA-Z0-9]+)$/;
const ID_PATTERN = /^[a-zA-Z0-9]+$/;

/**
 * Checks and indexes the configured profiles. A key that is neither an application-profile ARN nor a bare id, or a
 * value the catalogue does not know, is a TypeError when the emulator is created, so a typo fails the test that
 * made it rather than every call.
 */
export function createApplicationProfileRegistry(
  profiles: ApplicationInferenceProfiles,
  account: { region: string; accountId: string },
): ApplicationProfileRegistry {
  const byId = new Map<string, ApplicationProfile>();
  for (const [key, wrapped] of Object.entries(profiles)) {
    const id = ARN_PATTERN.exec(key)?.[1] ?? (ID_PATTERN.test(key) ? key : undefined);
    if (id === undefined) {
      throw new TypeError(
        `applicationInferenceProfiles key '${key}' is neither an application-inference-profile ARN nor a bare profile id`,
      );
    }
    const target = resolveSystemModelId(wrapped);
    if (!target) {
      throw new TypeError(
        `applicationInferenceProfiles['${key}'] wraps '${wrapped}', which the emulator's catalogue does not know`,
      );
    }
    const arn =
      id === key
        ? `arn:aws:bedrock:${account.region}:${account.accountId}:application-inference-profile/${id}`
        : key;
    byId.set(id, { id, arn, target });
  }
  const all = [...byId.values()];
  return { find: (id) => byId.get(id), list: () => all };
}
