import {
  type BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import type { NativeBody } from '../core/codecs/family-codec.js';
import { codecFor } from '../core/codecs/index.js';
import { convertFromConverseResponse } from '../core/converse/convert-from-converse-response.js';
import {
  converseOptionsFor,
  convertToConverseRequest,
} from '../core/converse/convert-to-converse-request.js';
import { createConverseStreamDecoder } from '../core/converse/create-converse-stream-decoder.js';
import { GatewayError, InvalidRequestError } from '../core/errors.js';
import type { GenerateRequest, GuardrailReference } from '../core/generate-request.js';
import type { GenerateResult, Usage } from '../core/generate-result.js';
import { mapBedrockError } from '../core/map-bedrock-error.js';
import {
  type CodecFamily,
  isCodecFamily,
  isTextFamily,
  type ModelApi,
  type ModelEntry,
  type TextFamily,
  toBaseModelId,
} from '../core/model-registry.js';
import type { StreamEvent } from '../core/stream-event.js';
import { convertSdkError } from './convert-sdk-error.js';
import { parseNativeJson } from './parse-native-json.js';

export interface InvokeOptions {
  api: ModelApi;
  signal?: AbortSignal;
}

/**
 * What InvokeModel takes beside the body, as headers: a guardrail (`X-Amzn-Bedrock-GuardrailIdentifier`,
 * `-GuardrailVersion`, `-Trace`) and a service tier (`X-Amzn-Bedrock-Service-Tier`); botocore `InvokeModelRequest`,
 * SDK `InvokeModelCommandInput`. A key's governance sets them for the passthrough route as for the codec path.
 */
export interface NativeCallOptions {
  guardrail?: GuardrailReference;
  serviceTier?: GenerateRequest['serviceTier'];
}

export interface NativeInvocation {
  /** The native response body, unchanged. */
  body: Uint8Array;
  contentType: string;
  /**
   * Token counts from Bedrock's `X-Amzn-Bedrock-Input-Token-Count` / `-Output-Token-Count` headers, with the
   * `-Cache-Read-Input-Token-Count` / `-Cache-Write-Input-Token-Count` ones, when present.
   */
  usage: Usage | undefined;
  /** The service tier Bedrock served the call on (`X-Amzn-Bedrock-Service-Tier`), when it says. */
  serviceTier?: string;
}

/** Calls Bedrock for one model and returns canonical results. Every failure is a GatewayError. */
export interface BedrockInvoker {
  generate(model: ModelEntry, request: GenerateRequest, options: InvokeOptions): Promise<GenerateResult>;
  /**
   * Opens a stream and waits for its first event, so that a failure before the first byte rejects (and can be
   * retried or become a real HTTP status). Failures after that arrive as one terminal `error` event.
   * Ending iteration early (or `options.signal`) aborts the upstream call.
   */
  stream(
    model: ModelEntry,
    request: GenerateRequest,
    options: InvokeOptions,
  ): Promise<AsyncIterable<StreamEvent>>;
  /**
   * InvokeModel with a native body, for the passthrough route and the codec path; `options` are sent as
   * InvokeModel's headers (a body never carries a guardrail or a tier).
   */
  invokeNative(
    model: ModelEntry,
    body: NativeBody,
    signal?: AbortSignal,
    options?: NativeCallOptions,
  ): Promise<NativeInvocation>;
  /**
   * Bedrock CountTokens: the input tokens the request would be billed, for the model's base id (CountTokens
   * refuses inference-profile ids). Rejects (a GatewayError) when the model cannot count.
   */
  countTokens(model: ModelEntry, input: CountTokensInput, signal?: AbortSignal): Promise<number>;
}

/** What to count: a canonical request as Converse would send it, or a native InvokeModel body. */
export type CountTokensInput = { request: GenerateRequest } | { nativeBody: NativeBody };

const encoder = new TextEncoder();

function readTokenHeader(headers: Record<string, string | undefined>, name: string): number | undefined {
  const value = headers[name];
  const count = value === undefined ? Number.NaN : Number(value);
  return Number.isInteger(count) && count >= 0 ? count : undefined;
}

/**
 * The input count excludes the cached prompt, which the cache headers count (DataDog/dd-trace-js
 * packages/dd-trace/src/llmobs/plugins/bedrockruntime.js reads the same four headers: "bedrock input tokens only
 * count non-cached tokens").
 */
function usageFromHeaders(headers: Record<string, string | undefined>): Usage | undefined {
  const inputTokens = readTokenHeader(headers, 'x-amzn-bedrock-input-token-count');
  const outputTokens = readTokenHeader(headers, 'x-amzn-bedrock-output-token-count');
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  const cacheReadTokens = readTokenHeader(headers, 'x-amzn-bedrock-cache-read-input-token-count') ?? 0;
  const cacheWriteTokens = readTokenHeader(headers, 'x-amzn-bedrock-cache-write-input-token-count') ?? 0;
  return {
    inputTokens,
    outputTokens,
    ...(cacheReadTokens > 0 ? { cacheReadTokens } : {}),
    ...(cacheWriteTokens > 0 ? { cacheWriteTokens } : {}),
  };
}

/**
 * InvokeModel's header members for a guardrail and a service tier (`trace` as the Converse mapping sets it). A
 * canonical request carries both under the same names, so it serves as its own options.
 */
function toHeaderMembers(options: NativeCallOptions): {
  guardrailIdentifier?: string;
  guardrailVersion?: string;
  trace?: 'ENABLED' | 'DISABLED';
  serviceTier?: 'default' | 'priority' | 'flex';
} {
  const { guardrail, serviceTier } = options;
  return {
    ...(guardrail
      ? {
          guardrailIdentifier: guardrail.identifier,
          guardrailVersion: guardrail.version,
          trace: guardrail.trace ? 'ENABLED' : 'DISABLED',
        }
      : {}),
    ...(serviceTier ? { serviceTier } : {}),
  };
}

/** Creates the invoker over one Bedrock Runtime client. */
export function createBedrockInvoker(client: BedrockRuntimeClient): BedrockInvoker {
  async function send<T>(model: ModelEntry, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      throw mapBedrockError(convertSdkError(error), model.alias);
    }
  }

  async function invokeNative(
    model: ModelEntry,
    body: NativeBody,
    signal?: AbortSignal,
    options: NativeCallOptions = {},
  ): Promise<NativeInvocation> {
    const command = new InvokeModelCommand({
      modelId: model.id,
      body: encoder.encode(JSON.stringify(body)),
      contentType: 'application/json',
      accept: 'application/json',
      ...toHeaderMembers(options),
    });
    let headers: Record<string, string | undefined> = {};
    // Bedrock reports token counts only in response headers, which the SDK does not model.
    command.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        headers = (result.response as { headers?: Record<string, string> }).headers ?? {};
        return result;
      },
      { step: 'deserialize', name: 'captureBedrockHeaders' },
    );
    const output = await send(model, () => client.send(command, { abortSignal: signal }));
    return {
      body: output.body,
      contentType: output.contentType ?? 'application/json',
      usage: usageFromHeaders(headers),
      ...(output.serviceTier ? { serviceTier: output.serviceTier } : {}),
    };
  }

  function requireTextFamily(model: ModelEntry): TextFamily {
    if (isTextFamily(model.family)) return model.family;
    throw new InvalidRequestError('unsupported_model', `Model '${model.alias}' is an embedding model.`, {
      param: 'model',
    });
  }

  function requireCodecFamily(model: ModelEntry, family: TextFamily): CodecFamily {
    if (isCodecFamily(family)) return family;
    throw new InvalidRequestError(
      'unsupported_api',
      `Model '${model.alias}' is served through Converse only; the gateway has no codec for its native body.`,
      { param: 'api' },
    );
  }

  function toConverseInput(
    model: ModelEntry,
    family: TextFamily,
    request: GenerateRequest,
  ): ConverseCommandInput {
    const body = convertToConverseRequest(request, converseOptionsFor({ ...model, family }));
    return { modelId: model.id, ...body } as ConverseCommandInput;
  }

  /** Upstream events, decoded to canonical ones; SDK failures are thrown as GatewayErrors. */
  async function* readUpstream(
    model: ModelEntry,
    request: GenerateRequest,
    api: ModelApi,
    signal: AbortSignal,
  ): AsyncGenerator<StreamEvent> {
    const family = requireTextFamily(model);
    try {
      if (api === 'converse') {
        const command = new ConverseStreamCommand(toConverseInput(model, family, request));
        const output = await client.send(command, { abortSignal: signal });
        const decode = createConverseStreamDecoder();
        for await (const event of output.stream ?? []) yield* decode(event);
        return;
      }
      const codec = codecFor(requireCodecFamily(model, family));
      codec.checkSupported(request, { model });
      const command = new InvokeModelWithResponseStreamCommand({
        modelId: model.id,
        body: encoder.encode(JSON.stringify(codec.toNativeBody(request, { model }))),
        contentType: 'application/json',
        accept: 'application/json',
        ...toHeaderMembers(request),
      });
      const output = await client.send(command, { abortSignal: signal });
      const decode = codec.createStreamDecoder();
      for await (const event of output.body ?? []) {
        if (event.chunk?.bytes) yield* decode(parseNativeJson(event.chunk.bytes, model));
      }
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      throw mapBedrockError(convertSdkError(error), model.alias);
    }
  }

  async function stream(
    model: ModelEntry,
    request: GenerateRequest,
    options: InvokeOptions,
  ): Promise<AsyncIterable<StreamEvent>> {
    const abort = new AbortController();
    const onCallerAbort = () => abort.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const upstream = readUpstream(model, request, options.api, abort.signal);
    // The stream has started only once it carries content or ends: `message-start` alone promises nothing,
    // and a failure right after it must still be retried, fall back, or become a real HTTP status.
    const head: StreamEvent[] = [];
    let first: IteratorResult<StreamEvent>;
    try {
      for (;;) {
        first = await upstream.next();
        if (first.done || first.value.type !== 'message-start') break;
        head.push(first.value);
      }
      if (!first.done && first.value.type === 'error') throw first.value.error;
    } catch (error) {
      options.signal?.removeEventListener('abort', onCallerAbort);
      abort.abort();
      throw error;
    }
    const cleanUp = () => options.signal?.removeEventListener('abort', onCallerAbort);
    async function* rest(): AsyncGenerator<StreamEvent> {
      let finished = false;
      try {
        yield* head;
        if (first.done) return;
        yield first.value;
        for (;;) {
          let next: IteratorResult<StreamEvent>;
          try {
            next = await upstream.next();
          } catch (error) {
            yield {
              type: 'error',
              error:
                error instanceof GatewayError ? error : mapBedrockError(convertSdkError(error), model.alias),
            };
            return;
          }
          if (next.done) break;
          yield next.value;
        }
        finished = true;
      } finally {
        cleanUp();
        // A consumer that stops early (client gone) must not leave Bedrock generating, and billing, for nobody.
        if (!finished) abort.abort();
      }
    }
    const events = rest();
    const iterator: AsyncIterableIterator<StreamEvent> = {
      [Symbol.asyncIterator]() {
        return this;
      },
      next: () => events.next(),
      // Aborting first ends a read still waiting on Bedrock now, and covers a stream that was never read.
      return: (value?: unknown) => {
        abort.abort();
        cleanUp();
        return events.return(value as undefined);
      },
    };
    return iterator;
  }

  async function generate(
    model: ModelEntry,
    request: GenerateRequest,
    options: InvokeOptions,
  ): Promise<GenerateResult> {
    const family = requireTextFamily(model);
    if (options.api === 'converse') {
      const input = toConverseInput(model, family, request);
      const output = await send(model, () =>
        client.send(new ConverseCommand(input), { abortSignal: options.signal }),
      );
      return convertFromConverseResponse(output);
    }
    const codec = codecFor(requireCodecFamily(model, family));
    codec.checkSupported(request, { model });
    const invocation = await invokeNative(
      model,
      codec.toNativeBody(request, { model }),
      options.signal,
      request,
    );
    return codec.fromNativeResponse(parseNativeJson(invocation.body, model), invocation.usage);
  }

  async function countTokens(
    model: ModelEntry,
    input: CountTokensInput,
    signal?: AbortSignal,
  ): Promise<number> {
    const family = requireTextFamily(model);
    const counted =
      'request' in input
        ? (() => {
            const { messages, system, toolConfig, additionalModelRequestFields } = toConverseInput(
              model,
              family,
              input.request,
            );
            return { converse: { messages, system, toolConfig, additionalModelRequestFields } };
          })()
        : { invokeModel: { body: encoder.encode(JSON.stringify(input.nativeBody)) } };
    const output = await send(model, () =>
      client.send(new CountTokensCommand({ modelId: toBaseModelId(model.id), input: counted }), {
        abortSignal: signal,
      }),
    );
    if (typeof output.inputTokens !== 'number') {
      throw mapBedrockError(
        { name: 'ModelErrorException', message: 'CountTokens returned no count.' },
        model.alias,
      );
    }
    return output.inputTokens;
  }

  return { generate, stream, invokeNative, countTokens };
}
