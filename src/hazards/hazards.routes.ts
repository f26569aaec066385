import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, NotFoundError } from '../server/errors.js';
import { sendProblem } from '../server/problem.js';
import { ApiRouter } from '../server/router.js';
import { FeedError } from './feed-error.js';
import { getHazardEvent, listHazardEvents } from './hazards.queries.js';
import { ingestDocument, type IngestedVersion } from './hazards.service.js';
import { MAX_DOCUMENT_BYTES } from './xml/decode.js';

const readRoles = ['agent', 'consul', 'alert-officer', 'admin'] as const;

const listQuery = z.object({
  source: z
    .enum(['cap', 'usgs', 'gdacs', 'jma'], { error: 'expected one of cap, usgs, gdacs, jma' })
    .optional(),
  active: z.enum(['true', 'false'], { error: 'expected true or false' }).optional(),
  before: z.string().optional(),
  limit: z.coerce
    .number({ error: 'expected a whole number from 1 to 500' })
    .int('expected a whole number from 1 to 500')
    .min(1, 'expected a whole number from 1 to 500')
    .max(500, 'expected a whole number from 1 to 500')
    .default(100),
});

const idParams = z.object({ id: z.string().min(1, 'expected an event or version id') });

/** Media types the ingest route accepts. Every body is kept as raw bytes for the feed parser. */
export const FEED_MEDIA_TYPES = [
  'application/xml',
  'text/xml',
  'application/cap+xml',
  'application/atom+xml',
  'application/rss+xml',
  'application/edxl-de+xml',
  'application/json',
  'application/geo+json',
  'text/plain',
];

export function registerHazardRoutes(api: ApiRouter): void {
  // The ingest route lives in its own Fastify scope so that JSON bodies reach it as the bytes
  // sent: the document then goes through the same decoder and parser as `abroad parse`, with
  // its UTF-8 check, and is never parsed or re-serialised by the framework.
  void api.app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(FEED_MEDIA_TYPES, { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    scope.setErrorHandler((error, request, reply) =>
      sendProblem(explainBodyError(error, request), request, reply),
    );
    const scoped = new ApiRouter(scope, api.ctx);
    registerIngestRoute(scoped);
    api.routes.push(...scoped.routes);
  });

  api.route(
    {
      method: 'GET',
      url: '/api/v1/hazard-events',
      roles: readRoles,
      summary: 'List the current version of each hazard event, newest first',
      tags: ['hazards'],
      query: listQuery,
    },
    async ({ query }) => ({
      items: await listHazardEvents(api.ctx.db, {
        source: query.source,
        before: query.before,
        limit: query.limit,
        activeAt: query.active === 'true' ? api.ctx.clock.scenario().toISOString() : undefined,
      }),
    }),
  );

  api.route(
    {
      method: 'GET',
      url: '/api/v1/hazard-events/:id',
      roles: readRoles,
      summary: 'Read a hazard event with all its versions, by event id or version id',
      tags: ['hazards'],
      params: idParams,
    },
    async ({ params }) => {
      const view = await getHazardEvent(api.ctx.db, params.id);
      if (!view) throw new NotFoundError('hazard event', params.id);
      return view;
    },
  );
}

function registerIngestRoute(api: ApiRouter): void {
  api.route(
    {
      method: 'POST',
      url: '/api/v1/hazard-events',
      roles: ['alert-officer', 'admin'],
      summary: 'Ingest a feed document (CAP XML, USGS or GDACS GeoJSON, JMA XML)',
      tags: ['hazards'],
      rawBody: true,
      bodyLimit: MAX_DOCUMENT_BYTES,
    },
    async ({ body, staff, reply }) => {
      const bytes = bodyBytes(body);

      const result = await ingestOrReject(api, bytes, staff!);

      reply.code(result.versions.some((version) => version.isNew) ? 201 : 200);
      return { versions: result.versions.map(summarise), warnings: result.warnings };
    },
  );
}

/**
 * Rewrites Fastify's body errors for the ingest route so they name what is accepted: the
 * media types for a 415 and the size limit in bytes for a 413. Other errors pass unchanged.
 */
function explainBodyError(error: unknown, request: FastifyRequest): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const given = request.headers['content-type'] ?? 'none';
    return new AppError(
      415,
      'unsupported-media-type',
      `content type ${given} is not accepted; send one of ${FEED_MEDIA_TYPES.join(', ')}`,
    );
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const length = request.headers['content-length'];
    const size = length ? `${length} bytes` : 'larger than allowed';
    return new AppError(
      413,
      'body-too-large',
      `request body is ${size}, above the limit of ${MAX_DOCUMENT_BYTES} bytes; split the feed or fetch a shorter period`,
    );
  }
  return error;
}

/** Every accepted media type arrives as a Buffer; anything else means no body was sent. */
function bodyBytes(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  throw new AppError(
    400,
    'missing-body',
    'send a CAP or JMA XML document (application/xml) or USGS or GDACS GeoJSON (application/json) as the body',
  );
}

async function ingestOrReject(api: ApiRouter, bytes: Buffer, staff: { id: string; email: string }) {
  try {
    return await ingestDocument(api.ctx, bytes, {
      name: 'api',
      actor: { kind: 'staff', id: staff.id, email: staff.email },
    });
  } catch (error) {
    if (!(error instanceof FeedError)) throw error;
    const status = error.code === 'too-large' ? 413 : 422;
    throw new AppError(status, `feed-${error.code}`, error.message);
  }
}

function summarise(version: IngestedVersion) {
  const { event } = version;
  return {
    id: version.id,
    eventId: version.eventId,
    isNew: version.isNew,
    supersededBy: version.supersededBy,
    source: event.source,
    sourceId: event.sourceId,
    sent: event.sent,
    msgType: event.msgType,
    hazardType: event.hazardType,
    severity: event.severity,
    countries: event.countries,
    areaKind: event.areaKind,
  };
}
