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
import { converseUsageSchema } from '../core/converse/convert-converse-usage.js';
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
import { createStreamFrameDecoder, type RawStreamItem, type StreamOperation } from './decode-stream-frame.js';
import { parseNativeJson } from './parse-native-json.js';
import { readEventStreamFrames } from './read-event-stream-frames.js';
import { collectRawBody, type RawExchange, sendRawCommand } from './send-raw-command.js';

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
  /** `X-Amzn-Bedrock-Trace` as a client of Bedrock's own API sent it; otherwise the guardrail's `trace` says. */
  trace?: 'ENABLED' | 'DISABLED' | 'ENABLED_FULL';
  /** `X-Amzn-Bedrock-PerformanceConfig-Latency`. */
  performanceConfigLatency?: 'standard' | 'optimized';
  /** `X-Amzn-Bedrock-Request-Metadata`, as its JSON text: key-value pairs for Bedrock's invocation logs. */
  requestMetadata?: string;
}

/** Bedrock's own response headers (`x-amzn-bedrock-*`), lower-cased, for the Bedrock Runtime surface to relay. */
export type BedrockResponseHeaders = Record<string, string>;

/** A Converse answer as Bedrock sent it, with what the gateway reads of it. */
export interface RawConverseAnswer {
  /** The response JSON, byte for byte. */
  body: Uint8Array;
  usage: Usage | undefined;
  /** Bedrock's `stopReason`, as sent. */
  stopReason: string | undefined;
  headers: BedrockResponseHeaders;
}

/** An open Bedrock stream: its headers, then its frames, forwarded as they come. */
export interface RawStream {
  headers: BedrockResponseHeaders;
  /**
   * The frames, from the first: when the stream was opened the answer had begun (failures before that rejected
   * the open). Ends after an `error` item, or when Bedrock ends the body. Ending iteration early aborts the call.
   */
  items: AsyncIterable<RawStreamItem>;
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
  headers: BedrockResponseHeaders;
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
  /**
   * Converse with a client's own Converse JSON (modelId aside), sent as it is, and Bedrock's answer returned
   * byte for byte: the Bedrock Runtime surface's passthrough.
   */
  converseRaw(model: ModelEntry, body: NativeBody, signal?: AbortSignal): Promise<RawConverseAnswer>;
  /**
   * ConverseStream (a Converse JSON body) or InvokeModelWithResponseStream (a native body, with `options` as its
   * headers), its event stream forwarded frame by frame. Resolves once the answer has begun, so that a failure
   * before the first byte rejects (to be retried, fall back, or become a real HTTP status).
   */
  openRawStream(
    model: ModelEntry,
    operation: StreamOperation,
    body: NativeBody,
    signal?: AbortSignal,
    options?: NativeCallOptions,
  ): Promise<RawStream>;
}

/**
 * What to count: a canonical request as Converse would send it, a native InvokeModel body, or CountTokens'
 * `input` exactly as a client of Bedrock's own API sent it (`{converse}` or `{invokeModel: {body: base64}}`).
 */
export type CountTokensInput =
  | { request: GenerateRequest }
  | { nativeBody: NativeBody }
  | { raw: Record<string, unknown> };

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

/** The `x-amzn-bedrock-*` headers of a response (token counts, latency, tier, content type), lower-cased. */
function pickBedrockHeaders(headers: Record<string, string | undefined>): BedrockResponseHeaders {
  const picked: BedrockResponseHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && name.toLowerCase().startsWith('x-amzn-bedrock-'))
      picked[name.toLowerCase()] = value;
  }
  return picked;
}

/**
 * InvokeModel's header members for a guardrail and a service tier (`trace` as the Converse mapping sets it). A
 * canonical request carries both under the same names, so it serves as its own options.
 */
function toHeaderMembers(options: NativeCallOptions): {
  guardrailIdentifier?: string;
  guardrailVersion?: string;
  trace?: 'ENABLED' | 'DISABLED' | 'ENABLED_FULL';
  serviceTier?: 'default' | 'priority' | 'flex';
  performanceConfigLatency?: 'standard' | 'optimized';
  requestMetadata?: string;
} {
  const { guardrail, serviceTier, trace, performanceConfigLatency, requestMetadata } = options;
  return {
    ...(guardrail
      ? {
          guardrailIdentifier: guardrail.identifier,
          guardrailVersion: guardrail.version,
          trace: guardrail.trace ? 'ENABLED' : 'DISABLED',
        }
      : {}),
    ...(trace ? { trace } : {}),
    ...(serviceTier ? { serviceTier } : {}),
    ...(performanceConfigLatency ? { performanceConfigLatency } : {}),
    ...(requestMetadata ? { requestMetadata } : {}),
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
      headers: pickBedrockHeaders(headers),
    };
  }

  async function converseRaw(
    model: ModelEntry,
    body: NativeBody,
    signal?: AbortSignal,
  ): Promise<RawConverseAnswer> {
    // The SDK serializes a placeholder; the client's JSON replaces it before signing.
    const command = new ConverseCommand({ modelId: model.id, messages: [] });
    const exchange = await send(model, async () => {
      const answer = await sendRawCommand(client, command, {
        body: encoder.encode(JSON.stringify(body)),
        streaming: false,
        signal,
      });
      return { headers: answer.headers, bytes: await collectRawBody(answer.body) };
    });
    const json = parseNativeJson(exchange.bytes, model) as { usage?: unknown; stopReason?: unknown } | null;
    const usage = converseUsageSchema.safeParse(json?.usage);
    return {
      body: exchange.bytes,
      usage: usage.success ? usage.data : undefined,
      stopReason: typeof json?.stopReason === 'string' ? json.stopReason : undefined,
      headers: pickBedrockHeaders(exchange.headers),
    };
  }

  async function openRawStream(
    model: ModelEntry,
    operation: StreamOperation,
    body: NativeBody,
    signal?: AbortSignal,
    options: NativeCallOptions = {},
  ): Promise<RawStream> {
    const abort = new AbortController();
    const onCallerAbort = () => abort.abort(signal?.reason);
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    const bytes = encoder.encode(JSON.stringify(body));
    const command =
      operation === 'converse-stream'
        ? new ConverseStreamCommand({ modelId: model.id, messages: [] })
        : new InvokeModelWithResponseStreamCommand({
            modelId: model.id,
            body: bytes,
            contentType: 'application/json',
            accept: 'application/json',
            ...toHeaderMembers(options),
          });
    let exchange: RawExchange;
    try {
      exchange = await send(model, () =>
        sendRawCommand(client, command, {
          ...(operation === 'converse-stream' ? { body: bytes } : {}),
          streaming: true,
          signal: abort.signal,
        }),
      );
    } catch (error) {
      signal?.removeEventListener('abort', onCallerAbort);
      throw error;
    }
    // An abort ends a read still waiting on the socket now, rather than at Bedrock's next frame.
    const destroyBody = () => exchange.body.destroy?.();
    abort.signal.addEventListener('abort', destroyBody, { once: true });
    const cleanUp = () => {
      signal?.removeEventListener('abort', onCallerAbort);
      abort.signal.removeEventListener('abort', destroyBody);
    };
    const decode = createStreamFrameDecoder(model, operation);
    async function* upstream(): AsyncGenerator<RawStreamItem> {
      try {
        for await (const frame of readEventStreamFrames(exchange.body)) {
          const item = decode(frame);
          yield item;
          if (item.type === 'error') return;
        }
      } catch (error) {
        if (error instanceof GatewayError) throw error;
        throw mapBedrockError(convertSdkError(error), model.alias);
      }
    }
    const source = upstream();
    // The answer has begun only once a frame carries content: `messageStart` alone promises nothing.
    const head: RawStreamItem[] = [];
    let ended = false;
    try {
      for (;;) {
        const next = await source.next();
        if (next.done) {
          ended = true;
          break;
        }
        if (next.value.type === 'error') throw next.value.error;
        head.push(next.value);
        if (next.value.opensAnswer) break;
      }
    } catch (error) {
      cleanUp();
      abort.abort();
      destroyBody();
      throw error;
    }
    async function* rest(): AsyncGenerator<RawStreamItem> {
      let finished = false;
      try {
        yield* head;
        while (!ended) {
          let next: IteratorResult<RawStreamItem>;
          try {
            next = await source.next();
          } catch (error) {
            yield {
              type: 'error',
              error:
                error instanceof GatewayError ? error : mapBedrockError(convertSdkError(error), model.alias),
            };
            break;
          }
          if (next.done) break;
          yield next.value;
        }
        finished = true;
      } finally {
        cleanUp();
        // A consumer that stops early (client gone) must not leave Bedrock generating, and billing, for nobody.
        if (!finished) {
          abort.abort();
          destroyBody();
        }
      }
    }
    const items = rest();
    const iterator: AsyncIterableIterator<RawStreamItem> = {
      [Symbol.asyncIterator]() {
        return this;
      },
      next: () => items.next(),
      return: (value?: unknown) => {
        abort.abort();
        destroyBody();
        cleanUp();
        return items.return(value as undefined);
      },
    };
    return { headers: pickBedrockHeaders(exchange.headers), items: iterator };
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
    if ('raw' in input) {
      // Sent as the client wrote it: its base64 (an invokeModel body, images) must not be encoded again.
      const command = new CountTokensCommand({
        modelId: toBaseModelId(model.id),
        input: { converse: { messages: [] } },
      });
      const answer = await send(model, async () => {
        const exchange = await sendRawCommand(client, command, {
          body: encoder.encode(JSON.stringify({ input: input.raw })),
          streaming: false,
          signal,
        });
        return parseNativeJson(await collectRawBody(exchange.body), model) as { inputTokens?: unknown };
      });
      if (typeof answer?.inputTokens !== 'number') {
        throw mapBedrockError(
          { name: 'ModelErrorException', message: 'CountTokens returned no count.' },
          model.alias,
        );
      }
      return answer.inputTokens;
    }
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

  return { generate, stream, invokeNative, countTokens, converseRaw, openRawStream };
}
