import type { GenerateRequest } from './generate-request.js';
import { type CapableModel, checkModelCapabilities } from './model-capabilities.js';
import { planOutputFormat } from './plan-output-format.js';
import { planReasoning } from './plan-reasoning.js';

/**
 * Throws UnsupportedParameterError naming the field and the model when `model` cannot serve `request`: its
 * capabilities, how it reasons, and how it can be held to an output format. The one check every route runs
 * before a call, and runs on each fallback to skip those that cannot serve it.
 */
export function checkRequestForModel(
  model: CapableModel,
  request: GenerateRequest,
  streaming: boolean,
): void {
  checkModelCapabilities(model, request, streaming);
  planReasoning(model, request);
  planOutputFormat(model, request);
}
