import { z } from 'zod';
import { DEFAULT_MODEL_ALIAS } from '../core/default-models.js';
import { GUARDRAIL_IDENTIFIER_PATTERN, GUARDRAIL_VERSION_PATTERN } from '../core/governance.js';
import { EMBEDDING_FAMILIES, TEXT_FAMILIES } from '../core/model-registry.js';

const priceSchema = z.strictObject({
  inputPerMTok: z.number().nonnegative(),
  outputPerMTok: z.number().nonnegative(),
  cacheReadPerMTok: z.number().nonnegative().optional(),
  cacheWritePerMTok: z.number().nonnegative().optional(),
  cacheWrite1hPerMTok: z.number().nonnegative().optional(),
});

const effortSchema = z.enum(['low', 'medium', 'high', 'xhigh', 'max']);

const capabilitiesSchema = z.strictObject({
  streaming: z.boolean().optional(),
  vision: z.boolean().optional(),
  documents: z.boolean().optional(),
  tools: z.boolean().optional(),
  forcedToolChoice: z.boolean().optional(),
  reasoning: z
    .discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('none') }),
      z.strictObject({ mode: z.literal('budget'), minBudgetTokens: z.number().int().positive() }),
      z.strictObject({
        mode: z.literal('adaptive'),
        efforts: z.array(effortSchema).min(1),
        alwaysOn: z.boolean(),
      }),
      z.strictObject({ mode: z.literal('reasoning-config'), efforts: z.array(effortSchema).min(1) }),
      z.strictObject({ mode: z.literal('effort'), efforts: z.array(effortSchema).min(1) }),
      z.strictObject({ mode: z.literal('always') }),
    ])
    .optional(),
  structuredOutput: z.boolean().optional(),
  cachePoints: z
    .strictObject({
      minTokens: z.number().int().positive(),
      ttls: z.array(z.enum(['5m', '1h'])).min(1),
      tools: z.boolean(),
      maxPoints: z.number().int().positive(),
    })
    .optional(),
  maxStopSequences: z.number().int().nonnegative().optional(),
  sampling: z
    .strictObject({
      temperature: z.boolean(),
      topP: z.boolean(),
      topK: z.boolean(),
      temperatureOrTopP: z.boolean(),
    })
    .optional(),
  serviceTiers: z.array(z.enum(['priority', 'flex'])).optional(),
  guardrails: z.boolean().optional(),
  countTokens: z.boolean().optional(),
});

const isoDate = z.iso.date();

const lifecycleSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('active') }),
  z.strictObject({
    state: z.literal('legacy'),
    legacySince: isoDate.optional(),
    endOfLife: isoDate,
    replacement: z.string().min(1).optional(),
  }),
  z.strictObject({ state: z.literal('eol'), endOfLife: isoDate, replacement: z.string().min(1).optional() }),
]);

/**
 * A model in the config. For an alias of the built-in catalogue every field is optional and overrides the
 * built-in one (set `id` to another inference profile, `lifecycle` to retire it, `replacedBy` to route it);
 * a new alias needs `id`, `family`, `maxOutputTokens`, `contextWindow` and `price` (or `prices`). Unlisted
 * capabilities of a new model default to text only (`TEXT_CAPABILITIES`).
 */
export const modelConfigSchema = z.strictObject({
  /** Bedrock model id, inference-profile id, or inference-profile or application-inference-profile ARN. */
  id: z.string().min(1).optional(),
  family: z.enum([...TEXT_FAMILIES, ...EMBEDDING_FAMILIES]).optional(),
  /** Default Bedrock API for the model; requests may override it for families with a codec. */
  api: z.enum(['converse', 'invoke']).optional(),
  maxOutputTokens: z.number().int().nonnegative().optional(),
  contextWindow: z.number().int().positive().optional(),
  /** The price of this model's id. */
  price: priceSchema.optional(),
  /** Prices by kind of id, when `global.` and regional profiles differ. */
  prices: z.strictObject({ global: priceSchema.optional(), regional: priceSchema }).optional(),
  /** Aliases tried in order when this model fails. */
  fallbacks: z.array(z.string()).optional(),
  capabilities: capabilitiesSchema.optional(),
  lifecycle: lifecycleSchema.optional(),
  /** Serve requests for this alias with another one (the answer says so). */
  replacedBy: z.string().min(1).optional(),
});

export type ModelConfig = z.infer<typeof modelConfigSchema>;

/** The gateway's configuration. Every field has a documented default; see docs/configuration.md. */
export const configSchema = z.strictObject({
  /**
   * The Node server (containers and laptops; Lambda has no server). Timeouts suit an ALB in front: see
   * docs/operations.md, "Node server timeouts" and "Shutdown".
   */
  server: z
    .strictObject({
      /** Interface to bind. Loopback by default: exposing the gateway is an explicit choice. */
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65_535).default(8080),
      /** Largest accepted request body; larger bodies get 413. */
      bodyLimitBytes: z
        .number()
        .int()
        .positive()
        .default(5 * 1024 * 1024),
      /**
       * How long an idle keep-alive connection stays open. Above the ALB's idle timeout (60 s by default,
       * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html),
       * so the ALB, not the gateway, closes idle connections: otherwise the ALB may send a request on a
       * connection the gateway is closing, and answers it with a 502.
       */
      keepAliveTimeoutMs: z.number().int().nonnegative().default(65_000),
      /**
       * Longest wait for a request's headers. Above `keepAliveTimeoutMs`, or Node may drop a reused keep-alive
       * connection before its keep-alive timeout (nodejs/node#27363).
       */
      headersTimeoutMs: z.number().int().positive().default(66_000),
      /**
       * Longest wait for a whole request, body included; a slower request is answered 408 and its connection
       * closed, so a trickled body cannot hold a connection (Node's own default is 300 s). 70 s receives the
       * default 1 MiB body limit at 120 kbit/s.
       */
      requestTimeoutMs: z.number().int().positive().default(70_000),
      /**
       * On SIGTERM or SIGINT: how long in-flight requests and streams may run to their end. Fits ECS's default
       * `stopTimeout` of 30 s with room for `cutoffGraceMs` and the settlements; raise both together.
       */
      drainTimeoutMs: z.number().int().nonnegative().default(20_000),
      /**
       * After the drain deadline, how long cut streams get to write their `server_shutting_down` event and end
       * before the connections still open are closed.
       */
      cutoffGraceMs: z.number().int().nonnegative().default(2_000),
      /**
       * Usage settlements of one key within this many milliseconds are written to DynamoDB as one update, so
       * a busy key costs one write per interval instead of one per request. 0 writes each at once. They are
       * flushed on shutdown; a SIGKILL loses at most this interval's (their reservations stay held, which
       * can refuse early but never overspend). Lambda never batches: it settles within the invocation.
       */
      settlementBatchMs: z.number().int().nonnegative().max(10_000).default(100),
    })
    .superRefine((server, context) => {
      // Node refuses to start with headersTimeout above requestTimeout; say so at load time, by field.
      if (server.headersTimeoutMs > server.requestTimeoutMs) {
        context.addIssue({
          code: 'custom',
          path: ['headersTimeoutMs'],
          message: `must not exceed server.requestTimeoutMs (${server.requestTimeoutMs})`,
        });
      }
      if (server.headersTimeoutMs <= server.keepAliveTimeoutMs) {
        context.addIssue({
          code: 'custom',
          path: ['headersTimeoutMs'],
          message: `must be above server.keepAliveTimeoutMs (${server.keepAliveTimeoutMs})`,
        });
      }
    })
    .prefault({}),
  bedrock: z
    .strictObject({
      region: z.string().min(1).default('us-east-1'),
      /** Bedrock Runtime endpoint. Unset means the real regional endpoint; set it to use the emulator. */
      endpoint: z.url().optional(),
      /** Per-call socket timeout for Bedrock requests. */
      requestTimeoutMs: z.number().int().positive().default(120_000),
    })
    .prefault({}),
  /** Extra or overriding models, by alias, merged over the built-in registry. */
  models: z.record(z.string().min(1), modelConfigSchema).default({}),
  /** When false, only `models` from the config are served, and none of the built-in catalogue. */
  includeDefaultModels: z.boolean().default(true),
  /** The alias used when a request names no model. */
  defaultModel: z.string().min(1).default(DEFAULT_MODEL_ALIAS),
  auth: z
    .strictObject({
      /**
       * `api-key`: every /v1 route needs a key (`Authorization: Bearer` or `x-api-key`). `none` turns
       * authentication, allow-lists, limits and metering off, and logs a warning at startup.
       */
      mode: z.enum(['api-key', 'none']).default('api-key'),
      /** How long a key record is cached in memory: also the longest a revocation takes to apply. */
      cacheTtlMs: z.number().int().nonnegative().default(30_000),
    })
    .prefault({}),
  tables: z
    .strictObject({
      /** DynamoDB table of API keys (hash key `keyHash`, GSI `keyId-index`). */
      keys: z.string().min(3).default('bedrock-gateway-keys'),
      /** DynamoDB table of usage counters (hash key `pk`, TTL on `expiresAt`). */
      usage: z.string().min(3).default('bedrock-gateway-usage'),
    })
    .prefault({}),
  dynamodb: z
    .strictObject({
      /** Unset: the Bedrock region. */
      region: z.string().min(1).optional(),
      /** Unset: the real regional endpoint. The local stack sets it to dynalite. */
      endpoint: z.url().optional(),
    })
    .prefault({}),
  reliability: z
    .strictObject({
      /** The whole request, every attempt and fallback included. On Lambda it is also cut to the time left. */
      deadlineMs: z.number().int().positive().default(300_000),
      /** On Lambda: time kept back from the remaining invocation time, to answer before the timeout. */
      deadlineMarginMs: z.number().int().nonnegative().default(1_000),
      /** One attempt: the whole call, or for a stream the wait for its first event. */
      attemptTimeoutMs: z.number().int().positive().default(120_000),
      /** Attempts on one model, the first included, before moving down its fallback chain. */
      maxAttemptsPerModel: z.number().int().min(1).max(10).default(3),
      baseDelayMs: z.number().int().nonnegative().default(200),
      maxDelayMs: z.number().int().nonnegative().default(5_000),
      /** A retry starts only if this much of the deadline would be left for it. */
      minAttemptMs: z.number().int().nonnegative().default(1_000),
      /** On throttling, try the fallback at once or only after retrying the model. */
      fallbackOnThrottle: z.enum(['immediately', 'after-retries']).default('immediately'),
      circuitBreaker: z
        .strictObject({
          /** Consecutive failed calls that open a model's circuit. */
          failureThreshold: z.number().int().min(1).default(5),
          /** How long an open circuit skips the model before one probe call is let through. */
          cooldownMs: z.number().int().positive().default(30_000),
        })
        .prefault({}),
    })
    .prefault({}),
  observability: z
    .strictObject({
      /** The `service` of every log line and metric (POWERTOOLS_SERVICE_NAME). */
      serviceName: z.string().min(1).default('bedrock-gateway'),
      /** CloudWatch namespace of the EMF metrics (POWERTOOLS_METRICS_NAMESPACE). */
      metricsNamespace: z.string().min(1).default('BedrockGateway'),
      /**
       * X-Ray subsegments for every Bedrock and DynamoDB call (Powertools Tracer), on Lambda only. Off by
       * default: Tracer and the X-Ray SDK are loaded only when this is on, so the default cold start does not
       * pay for them. Lambda's active tracing records the invocation either way (GATEWAY_TRACING).
       */
      tracing: z.boolean().default(false),
    })
    .prefault({}),
  /**
   * What applies to every call, whatever the key: a Bedrock guardrail, the service tier (a key's own settings
   * win), and automatic cache points.
   */
  governance: z
    .strictObject({
      guardrail: z
        .strictObject({
          identifier: z.string().regex(GUARDRAIL_IDENTIFIER_PATTERN, 'a guardrail id or ARN'),
          version: z.string().regex(GUARDRAIL_VERSION_PATTERN, 'a version number or DRAFT'),
          trace: z.boolean().optional(),
        })
        .optional(),
      serviceTier: z
        .strictObject({
          default: z.enum(['flex', 'default', 'priority']).optional(),
          max: z.enum(['flex', 'default', 'priority']).optional(),
        })
        .optional(),
      /** Place a cache point after the system prompt and tools when they reach the model's minimum. */
      automaticCachePoints: z.boolean().default(false),
    })
    .prefault({}),
  /**
   * Bedrock Runtime's own API (`POST {basePath}/model/{modelId}/converse` ..., and the inference-profile reads of
   * the control plane), for the AWS SDKs, LangChain, the AI SDK and Claude Code with a gateway key as their
   * Bedrock API key. See docs/bedrock-clients.md.
   */
  bedrockRuntime: z
    .strictObject({
      /**
       * Where the surface sits: `/` (the default) puts it at the root, as clients given the gateway's URL as their
       * Bedrock endpoint expect; a prefix such as `/bedrock` puts it under that path (the clients' endpoint is
       * then the gateway's URL plus the prefix). It may not overlap the gateway's own paths.
       */
      basePath: z
        .string()
        .regex(/^\/(?:[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*\/?)?$/, 'a path such as / or /bedrock')
        .transform((path) => (path.length > 1 ? path.replace(/\/$/, '') : path))
        .refine(
          (path) => !/^\/(?:v1|admin|console|health)(?:\/|$)/.test(path),
          'must not be under /v1, /admin, /console or /health',
        )
        .default('/'),
    })
    .prefault({}),
  /** The Anthropic Messages API (`/v1/messages`): model names and betas beyond the built-in tables. */
  anthropic: z
    .strictObject({
      /**
       * Anthropic model ids (or any name a Messages client sends, such as Claude Code's `ANTHROPIC_MODEL`) mapped
       * to a configured alias; wins over the built-in table of dated ids (see docs/api.md).
       */
      modelNames: z.record(z.string().min(1), z.string().min(1)).default({}),
      /**
       * `anthropic-beta` flags to accept as harmless beyond the built-in table, e.g. one a new Claude Code
       * release sends; an unknown flag is otherwise a 400.
       */
      acceptedBetas: z.array(z.string().min(1)).default([]),
      /**
       * Seconds of silence after which a Messages stream gets a `ping` event, so that proxies and clients that
       * drop idle connections (an ALB after 60 s by default, Claude Code after 300 s) keep it open.
       */
      pingIntervalSeconds: z.number().positive().max(60).default(15),
    })
    .prefault({}),
  logging: z
    .strictObject({
      level: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
      /** Log prompt and completion text. Off by default: prompts can hold personal data. */
      prompts: z.boolean().default(false),
    })
    .prefault({}),
});

export type GatewayConfig = z.infer<typeof configSchema>;
export type GatewayConfigInput = z.input<typeof configSchema>;

export type ServerConfig = GatewayConfig['server'];

/** The server section with every default: for embedders that pass only some fields (tests: host and port). */
export const SERVER_DEFAULTS: ServerConfig = configSchema.shape.server.parse(undefined);
