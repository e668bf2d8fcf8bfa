import { setTimeout as pause } from 'node:timers/promises';
import { generateReply } from './deterministic-model.js';
import { type CutDirective, type Directives, parseDirectives, selectFailure } from './directives.js';
import { createInjectedError } from './errors.js';
import type { ModelInput } from './model-input.js';
import type { OperationContext } from './operation-context.js';
import type { Reply } from './reply.js';
import type { ResolvedModel } from './resolve-model-id.js';
import { loadFamilyTokenizer } from './tokenizers/load-tokenizer.js';
import type { Tokenizer } from './tokenizers/tokenizer.js';

/** What a model call runs with, once directives and faults have had their say. */
export interface ModelCall {
  directives: Directives;
  seed: number;
  /** The model family's tokenizer, for every count and split of this call. */
  tokenizer: Tokenizer;
  /** Runs the emulated model on the request's input (text models only). */
  generate(input: ModelInput, defaultMaxTokens: number): Reply;
  /** The stream cut to apply, if any, for a stream of `contentChunks` content chunks. */
  planCut(contentChunks: number): CutDirective | undefined;
}

/**
 * The steps every inference call takes before the model answers: read the directives in the prompt, answer a
 * `fail=` directive or an injected fault with its exception, then wait out the configured latency
 * (plus `delay_ms` for replies that are not streamed; streams wait between chunks instead).
 */
export async function beginModelCall(
  context: OperationContext,
  model: ResolvedModel,
  prompt: string,
  options: { streaming: boolean },
): Promise<ModelCall> {
  const { runtime, signal } = context;
  const tokenizer = await loadFamilyTokenizer(model.family);
  const directives = parseDirectives(prompt);
  const failure = selectFailure(directives, model.modelId);
  if (failure) {
    throw createInjectedError(
      failure.exceptionName,
      model.modelId,
      `emulated by [[emulator:fail=${failure.exceptionName}]]`,
    );
  }
  const fault = runtime.injectFaults(model.modelId);
  if (fault.exceptionName) throw createInjectedError(fault.exceptionName, model.modelId, 'emulated fault');
  const waitMs =
    runtime.latencyMs + fault.extraLatencyMs + (options.streaming ? 0 : (directives.delayMs ?? 0));
  if (waitMs > 0) await pause(waitMs, undefined, { signal });
  const seed = directives.seed ?? runtime.seed;
  return {
    directives,
    seed,
    tokenizer,
    generate(input, defaultMaxTokens) {
      if (model.kind !== 'text') throw new Error(`${model.modelId} is an embedding model.`);
      const caching = model.definition.capabilities.promptCaching;
      return generateReply(input, {
        modelId: model.modelId,
        seed,
        directives,
        defaultMaxTokens,
        family: model.family,
        tokenizer,
        signer: runtime.reasoningSigner,
        ...(caching
          ? {
              promptCache: {
                cache: runtime.promptCache,
                modelId: model.baseModelId,
                minimumTokens: caching.minimumTokens,
              },
            }
          : {}),
      });
    },
    planCut(contentChunks) {
      if (directives.cutAfter) return directives.cutAfter;
      if (fault.streamCutFraction === undefined) return undefined;
      return {
        afterChunks: Math.floor(fault.streamCutFraction * contentChunks),
        exceptionName: 'ModelStreamErrorException',
      };
    },
  };
}
