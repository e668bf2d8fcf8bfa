import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { NotFoundError, PayloadTooLargeError } from '../core/errors.js';
import type { AppDependencies, GatewayEnv } from './gateway-env.js';
import { requestContext } from './middleware/request-context.js';
import { createGenerateRoutes } from './routes/generate.js';
import { createHealthRoutes } from './routes/health.js';
import { createModelRoutes } from './routes/models.js';
import { createErrorHandler } from './to-error-response.js';

/** The gateway as a Web `fetch(Request) -> Response` app; the Lambda and Node entries adapt it. */
export function createApp(dependencies: AppDependencies): Hono<GatewayEnv> {
  const now = dependencies.now ?? Date.now;
  const limit = dependencies.config.server.bodyLimitBytes;
  const app = new Hono<GatewayEnv>();

  app.use(requestContext(dependencies.logger, now));
  app.use(
    bodyLimit({
      maxSize: limit,
      onError: () => {
        throw new PayloadTooLargeError(limit);
      },
    }),
  );
  app.route('/', createHealthRoutes());
  app.route('/', createModelRoutes(dependencies, Math.floor(now() / 1000)));
  app.route('/', createGenerateRoutes(dependencies));

  app.notFound((c) => {
    throw new NotFoundError('route_not_found', `No route for ${c.req.method} ${c.req.path}.`);
  });
  app.onError(createErrorHandler(dependencies.logger));
  return app;
}
