import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { newId } from '../ids.js';
import { AppError } from './errors.js';
import { httpDuration, httpRequests, metrics } from './metrics.js';
import { sendProblem } from './problem.js';
import { ApiRouter, openApiDocument } from './router.js';
import { registerAllRoutes } from './routes.js';

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;
const quietRoutes = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Builds the HTTP server: health and metrics, the OpenAPI document, and every domain's routes.
 * It does not listen; the caller decides where.
 */
export async function buildServer(ctx: AppContext): Promise<{
  app: FastifyInstance;
  router: ApiRouter;
}> {
  // Typed as the default instance: a custom pino logger type would leak into every route type.
  const app: FastifyInstance = Fastify({
    loggerInstance: ctx.log.child({ component: 'http' }),
    // One line per request is written in onResponse, with route and timing.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : newId();
    },
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  }) as unknown as FastifyInstance;

  registerBodyParsers(app);
  registerObservability(app);
  app.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      new AppError(404, 'not-found', `no route for ${request.method} ${request.url.split('?')[0]}`),
      request,
      reply,
    ),
  );

  registerHealth(app, ctx);
  const router = new ApiRouter(app, ctx);
  await registerAllRoutes(router);
  app.get('/openapi.json', async () => openApiDocument(router.routes));
  return { app, router };
}

function registerBodyParsers(app: FastifyInstance) {
  // CAP and other feed documents arrive as XML; the route parses them itself, safely.
  app.addContentTypeParser(
    ['application/xml', 'text/xml', 'application/cap+xml', 'application/atom+xml', 'text/plain'],
    { parseAs: 'buffer' },
    (_request, body, done) => done(null, body),
  );
  app.addContentTypeParser(
    ['application/geo+json'],
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new AppError(400, 'invalid-json', 'the body is not valid JSON'), undefined);
      }
    },
  );
}

function registerObservability(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    httpRequests.inc({ method: request.method, route, status: reply.statusCode });
    httpDuration.observe({ method: request.method, route }, seconds);
    const line = { method: request.method, route, status: reply.statusCode, ms: reply.elapsedTime };
    if (quietRoutes.has(route)) request.log.debug(line, 'request done');
    else request.log.info(line, 'request done');
  });
}

function registerHealth(app: FastifyInstance, ctx: AppContext) {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      return { status: 'ready', database: ctx.dialect };
    } catch (error) {
      ctx.log.warn({ component: 'health', err: error }, 'database not reachable');
      return reply.code(503).send({ status: 'unavailable', database: ctx.dialect });
    }
  });
  app.get('/metrics', async (_request, reply) => {
    reply.type(metrics.contentType);
    return metrics.metrics();
  });
}
