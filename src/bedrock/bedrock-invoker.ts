import type { NativeBody } from '../core/codecs/family-codec.js';
import { codecFor } from '../core/codecs/index.js';
import type { ConverseRequestBody } from '../core/converse/converse-wire-types.js';
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
import {
  createStreamFrameDecoder,
  type RawStreamItem,
  readChunkText,
  readStreamException,
  type StreamOperation,
} from './decode-stream-frame.js';
import { parseNativeJson } from './parse-native-json.js';
import { readEventStreamFrames, readFrameHeader } from './read-event-stream-frames.js';
import { convertTransportError } from './transport/convert-transport-error.js';
import {
  type BedrockAnswer,
  type BedrockCall,
  type BedrockTransport,
  collectBody,
} from './transport/create-bedrock-transport.js';

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
 * InvokeModel's header members (botocore `InvokeModelRequest`; the SDK's schema names the headers) for a
 * guardrail, a service tier, a trace, a latency mode and request metadata. A canonical request carries the
 * first two under the same names, so it serves as its own options. The metadata is a JSON-media-type header,
 * which the SDK sends base64-encoded.
 */
function toInvokeHeaders(options: NativeCallOptions): Record<string, string> {
  const { guardrail, serviceTier, trace, performanceConfigLatency, requestMetadata } = options;
  const headers: Record<string, string> = {};
  if (guardrail) {
    headers['x-amzn-bedrock-guardrailidentifier'] = guardrail.identifier;
    headers['x-amzn-bedrock-guardrailversion'] = guardrail.version;
    headers['x-amzn-bedrock-trace'] = guardrail.trace ? 'ENABLED' : 'DISABLED';
  }
  if (trace) headers['x-amzn-bedrock-trace'] = trace;
  if (serviceTier) headers['x-amzn-bedrock-service-tier'] = serviceTier;
  if (performanceConfigLatency)
    headers['x-amzn-bedrock-performanceconfig-latency'] = performanceConfigLatency;
  if (requestMetadata) {
    headers['x-amzn-bedrock-request-metadata'] = Buffer.from(requestMetadata, 'utf8').toString('base64');
  }
  return headers;
}

/**
 * Bytes (images, documents, redacted reasoning) as JSON carries them, base64, as the SDK serializes a blob. The
 * holder's own value is read, since a Buffer's `toJSON` runs before a replacer sees it.
 */
function encodeBytesAsBase64(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  if (original instanceof Uint8Array) {
    return Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('base64');
  }
  return value;
}

/** A body the gateway built (a Converse request, which may hold bytes), as the JSON Bedrock takes. */
function encodeJsonWithBytes(body: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(body, encodeBytesAsBase64));
}

/** A native body or a client's own JSON (base64 already where it carries bytes), as it is. */
function encodeJson(body: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(body));
}

const JSON_IN_AND_OUT = { 'content-type': 'application/json', accept: 'application/json' };
/** InvokeModelWithResponseStream's `accept` member is `X-Amzn-Bedrock-Accept`: `Accept` is the event stream's. */
const JSON_IN_AND_CHUNKS_OUT = {
  'content-type': 'application/json',
  'x-amzn-bedrock-accept': 'application/json',
};

const decoder = new TextDecoder();

/** Creates the invoker over the lean Bedrock transport (transport/create-bedrock-transport.ts). */
export function createBedrockInvoker(transport: BedrockTransport): BedrockInvoker {
  function toGatewayError(error: unknown, model: ModelEntry): GatewayError {
    return error instanceof GatewayError ? error : mapBedrockError(convertTransportError(error), model.alias);
  }

  async function send<T>(model: ModelEntry, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toGatewayError(error, model);
    }
  }

  /** A non-streaming call, its body read whole. */
  async function exchange(
    model: ModelEntry,
    call: Omit<BedrockCall, 'modelId'> & { modelId?: string },
  ): Promise<{ headers: Record<string, string>; body: Uint8Array }> {
    return send(model, async () => {
      const answer = await transport.send({ ...call, modelId: call.modelId ?? model.id });
      return { headers: answer.headers, body: await collectBody(answer.body) };
    });
  }

  async function invokeNative(
    model: ModelEntry,
    body: NativeBody,
    signal?: AbortSignal,
    options: NativeCallOptions = {},
  ): Promise<NativeInvocation> {
    const answer = await exchange(model, {
      operation: 'invoke',
      body: encodeJson(body),
      headers: { ...JSON_IN_AND_OUT, ...toInvokeHeaders(options) },
      signal,
    });
    // Bedrock reports an InvokeModel's token counts only in its response headers.
    const serviceTier = answer.headers['x-amzn-bedrock-service-tier'];
    return {
      body: answer.body,
      contentType: answer.headers['content-type'] ?? 'application/json',
      usage: usageFromHeaders(answer.headers),
      ...(serviceTier ? { serviceTier } : {}),
      headers: pickBedrockHeaders(answer.headers),
    };
  }

  async function converseRaw(
    model: ModelEntry,
    body: NativeBody,
    signal?: AbortSignal,
  ): Promise<RawConverseAnswer> {
    const answer = await exchange(model, { operation: 'converse', body: encodeJson(body), signal });
    const json = parseNativeJson(answer.body, model) as { usage?: unknown; stopReason?: unknown } | null;
    const usage = converseUsageSchema.safeParse(json?.usage);
    return {
      body: answer.body,
      usage: usage.success ? usage.data : undefined,
      stopReason: typeof json?.stopReason === 'string' ? json.stopReason : undefined,
      headers: pickBedrockHeaders(answer.headers),
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
    let answer: BedrockAnswer;
    try {
      answer = await send(model, () =>
        transport.send({
          operation,
          modelId: model.id,
          body: encodeJson(body),
          ...(operation === 'invoke-with-response-stream'
            ? { headers: { ...JSON_IN_AND_CHUNKS_OUT, ...toInvokeHeaders(options) } }
            : {}),
          signal: abort.signal,
        }),
      );
    } catch (error) {
      signal?.removeEventListener('abort', onCallerAbort);
      throw error;
    }
    // The transport destroys the body on abort, which ends a read still waiting on the socket now.
    const destroyBody = () => answer.body.destroy();
    const cleanUp = () => signal?.removeEventListener('abort', onCallerAbort);
    const decode = createStreamFrameDecoder(model, operation);
    async function* upstream(): AsyncGenerator<RawStreamItem> {
      try {
        for await (const frame of readEventStreamFrames(answer.body)) {
          const item = decode(frame);
          yield item;
          if (item.type === 'error') return;
        }
      } catch (error) {
        throw toGatewayError(error, model);
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
            yield { type: 'error', error: toGatewayError(error, model) };
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
    return { headers: pickBedrockHeaders(answer.headers), items: iterator };
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

  function toConverseBody(
    model: ModelEntry,
    family: TextFamily,
    request: GenerateRequest,
  ): ConverseRequestBody {
    return convertToConverseRequest(request, converseOptionsFor({ ...model, family }));
  }

  /**
   * Upstream events, decoded to canonical ones from the event stream's frames: a Converse event is
   * `{[event-type]: payload}`, as the SDK gives it; a native `chunk` carries the family's JSON in base64. An
   * exception frame, or any failure, is thrown as a GatewayError.
   */
  async function* readUpstream(
    model: ModelEntry,
    request: GenerateRequest,
    api: ModelApi,
    signal: AbortSignal,
  ): AsyncGenerator<StreamEvent> {
    const family = requireTextFamily(model);
    try {
      let call: BedrockCall;
      let decodeEvent: (eventType: string, payload: unknown) => StreamEvent[];
      if (api === 'converse') {
        call = {
          operation: 'converse-stream',
          modelId: model.id,
          body: encodeJsonWithBytes(toConverseBody(model, family, request)),
          signal,
        };
        const decode = createConverseStreamDecoder();
        decodeEvent = (eventType, payload) => decode({ [eventType]: payload });
      } else {
        const codec = codecFor(requireCodecFamily(model, family));
        codec.checkSupported(request, { model });
        call = {
          operation: 'invoke-with-response-stream',
          modelId: model.id,
          body: encodeJson(codec.toNativeBody(request, { model })),
          headers: { ...JSON_IN_AND_CHUNKS_OUT, ...toInvokeHeaders(request) },
          signal,
        };
        const decode = codec.createStreamDecoder();
        decodeEvent = (eventType, payload) => {
          const text = eventType === 'chunk' ? readChunkText(payload) : undefined;
          return text === undefined ? [] : decode(parseNativeJson(encoder.encode(text), model));
        };
      }
      const answer = await transport.send(call);
      for await (const { message } of readEventStreamFrames(answer.body)) {
        const exception = readStreamException(message, model.alias);
        if (exception) throw exception;
        const eventType = readFrameHeader(message, ':event-type') ?? '';
        yield* decodeEvent(eventType, JSON.parse(decoder.decode(message.body)));
      }
    } catch (error) {
      throw toGatewayError(error, model);
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
            yield { type: 'error', error: toGatewayError(error, model) };
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
      const answer = await exchange(model, {
        operation: 'converse',
        body: encodeJsonWithBytes(toConverseBody(model, family, request)),
        signal: options.signal,
      });
      return convertFromConverseResponse(parseNativeJson(answer.body, model));
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
    let body: Uint8Array;
    if ('raw' in input) {
      // Sent as the client wrote it: its base64 (an invokeModel body, images) must not be encoded again.
      body = encodeJson({ input: input.raw });
    } else {
      const family = requireTextFamily(model);
      if ('request' in input) {
        const { messages, system, toolConfig, additionalModelRequestFields } = toConverseBody(
          model,
          family,
          input.request,
        );
        body = encodeJsonWithBytes({
          input: { converse: { messages, system, toolConfig, additionalModelRequestFields } },
        });
      } else {
        // CountTokens' `invokeModel.body` is a blob: the native JSON's bytes, base64 on the wire.
        body = encodeJsonWithBytes({ input: { invokeModel: { body: encodeJson(input.nativeBody) } } });
      }
    }
    const answer = await exchange(model, {
      operation: 'count-tokens',
      modelId: toBaseModelId(model.id),
      body,
      signal,
    });
    const json = parseNativeJson(answer.body, model) as { inputTokens?: unknown } | null;
    if (typeof json?.inputTokens !== 'number') {
      throw mapBedrockError(
        { name: 'ModelErrorException', message: 'CountTokens returned no count.' },
        model.alias,
      );
    }
    return json.inputTokens;
  }

  return { generate, stream, invokeNative, countTokens, converseRaw, openRawStream };
}
