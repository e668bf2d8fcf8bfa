import { Hono } from 'hono';
import { NotFoundError } from '../core/errors.js';
import { anthropicErrorFormat } from './anthropic/anthropic-error-format.js';
import { authenticateBedrockRequest } from './bedrock-runtime/authenticate-bedrock-request.js';
import { createBedrockErrorFormat } from './bedrock-runtime/bedrock-error-format.js';
import { toRoutePrefix } from './bedrock-runtime/bedrock-runtime-paths.js';
import type { AppDependencies, GatewayEnv } from './gateway-env.js';
import { authenticateRequest } from './middleware/authenticate-request.js';
import { limitBodySize } from './middleware/limit-body-size.js';
import { requestContext } from './middleware/request-context.js';
import { createAdminRoutes } from './routes/admin.js';
import { createBedrockControlPlaneRoutes } from './routes/bedrock-control-plane.js';
import { createBedrockRuntimeRoutes } from './routes/bedrock-runtime.js';
import { createChatCompletionRoutes } from './routes/chat-completions.js';
import { createConsoleRoutes } from './routes/console.js';
import { createEmbeddingRoutes } from './routes/embeddings.js';
import { createGenerateRoutes } from './routes/generate.js';
import { createHealthRoutes } from './routes/health.js';
import { createMessagesRoutes } from './routes/messages.js';
import { createModelRoutes } from './routes/models.js';
import { createNativeInvokeRoutes } from './routes/native-invoke.js';
import { createResponsesRoutes } from './routes/responses.js';
import { createUsageRoutes } from './routes/usage.js';
import { createErrorHandler } from './to-error-response.js';

/** The gateway as a Web `fetch(Request) -> Response` app; the Lambda and Node entries adapt it. */
export function createApp(dependencies: AppDependencies): Hono<GatewayEnv> {
  const now = dependencies.now ?? Date.now;
  const limit = dependencies.config.server.bodyLimitBytes;
  const bedrockPrefix = toRoutePrefix(dependencies.config.bedrockRuntime.basePath);
  const app = new Hono<GatewayEnv>();

  app.use(requestContext(dependencies.logger, dependencies.metrics, now));
  app.use(limitBodySize(limit));
  app.route('/', createHealthRoutes());
  if (dependencies.tenancy) {
    // Everything but /health needs a key; unknown /v1 routes too, so the API's shape is not revealed.
    const authenticate = authenticateRequest(dependencies.tenancy.authenticate);
    app.use('/v1/*', authenticate);
    app.on('POST', '/', authenticate);
    // Bedrock Runtime's own API: a gateway key as the Bedrock API key, and a clear refusal of SigV4.
    const authenticateBedrock = authenticateBedrockRequest(dependencies.tenancy.authenticate);
    for (const path of ['/model/*', '/inference-profiles', '/inference-profiles/*']) {
      app.use(`${bedrockPrefix}${path}`, authenticateBedrock);
    }
    app.route('/', createUsageRoutes(dependencies.tenancy.meter));
  }
  app.route('/', createModelRoutes(dependencies, Math.floor(now() / 1000)));
  app.route('/', createGenerateRoutes(dependencies));
  app.route('/', createNativeInvokeRoutes(dependencies));
  app.route('/', createChatCompletionRoutes(dependencies));
  app.route('/', createEmbeddingRoutes(dependencies));
  app.route('/', createResponsesRoutes(dependencies));
  app.route('/', createMessagesRoutes(dependencies));
  app.route('/', createBedrockRuntimeRoutes(dependencies));
  app.route('/', createBedrockControlPlaneRoutes(dependencies));
  // Issue 19: the admin API (admin keys only) and the web console (static files read lazily from disk).
  const { tenancy } = dependencies;
  if (tenancy?.keyStore) {
    app.route(
      '/',
      createAdminRoutes(dependencies, { ...tenancy, keyStore: tenancy.keyStore }, Math.floor(now() / 1000)),
    );
  }
  if (dependencies.consoleDirectory) app.route('/', createConsoleRoutes(dependencies.consoleDirectory));

  app.notFound((c) => {
    throw new NotFoundError('route_not_found', `No route for ${c.req.method} ${c.req.path}.`);
  });
  app.onError(
    createErrorHandler(dependencies.logger, [anthropicErrorFormat, createBedrockErrorFormat(bedrockPrefix)]),
  );
  return app;
}
