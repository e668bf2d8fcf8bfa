import {
  type BedrockClient,
  GetFoundationModelCommand,
  GetInferenceProfileCommand,
} from '@aws-sdk/client-bedrock';
import {
  type BedrockModelStatus,
  compareModelLifecycle,
  type LifecycleFinding,
} from '../core/compare-model-lifecycle.js';
import { type ModelEntry, toBaseModelId } from '../core/model-registry.js';

const NOT_FOUND = new Set(['ResourceNotFoundException', 'ValidationException']);

/** A control-plane call's failure as a status: gone, or not ours to use; anything else is thrown. */
function statusOfError(error: unknown): BedrockModelStatus {
  const { name, message } = error as { name?: string; message?: string };
  if (name !== undefined && NOT_FOUND.has(name)) return { kind: 'not-found', message: message ?? name };
  if (name === 'AccessDeniedException') return { kind: 'denied', message: message ?? name };
  throw error;
}

/**
 * What Bedrock's control plane says of a model id: its foundation model's lifecycle (GetFoundationModel). For
 * an inference profile (`us.` ..., or an ARN), the profile must exist too (GetInferenceProfile), and an
 * application profile's foundation model is the one it routes to.
 */
export async function lookUpModelStatus(client: BedrockClient, id: string): Promise<BedrockModelStatus> {
  let baseId = toBaseModelId(id);
  const isProfile =
    baseId !== id || id.includes(':inference-profile/') || id.includes(':application-inference-profile/');
  if (isProfile) {
    try {
      const profile = await client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: id }));
      const routed = profile.models?.[0]?.modelArn?.split('/').at(-1);
      if (id.startsWith('arn:') && routed) baseId = routed;
    } catch (error) {
      return statusOfError(error);
    }
  }
  try {
    const { modelDetails } = await client.send(new GetFoundationModelCommand({ modelIdentifier: baseId }));
    const lifecycle = modelDetails?.modelLifecycle;
    return {
      kind: 'found',
      status: lifecycle?.status === 'LEGACY' ? 'LEGACY' : 'ACTIVE',
      ...(lifecycle?.legacyTime ? { legacyTime: new Date(lifecycle.legacyTime).toISOString() } : {}),
      ...(lifecycle?.endOfLifeTime ? { endOfLifeTime: new Date(lifecycle.endOfLifeTime).toISOString() } : {}),
    };
  } catch (error) {
    return statusOfError(error);
  }
}

/**
 * `bedrock-gateway models check`: every configured model against the account's Bedrock, one id at a time
 * (several aliases may share an id), sorted by alias.
 */
export async function checkModelLifecycles(
  client: BedrockClient,
  models: readonly ModelEntry[],
  nowMs: number,
): Promise<LifecycleFinding[]> {
  const statuses = new Map<string, Promise<BedrockModelStatus>>();
  const findings = await Promise.all(
    models.map(async (model) => {
      let status = statuses.get(model.id);
      if (!status) {
        status = lookUpModelStatus(client, model.id);
        statuses.set(model.id, status);
      }
      return compareModelLifecycle(model, await status, nowMs);
    }),
  );
  return findings.sort((left, right) => left.alias.localeCompare(right.alias));
}
