import { z } from 'zod';
import { AppError, NotFoundError } from '../server/errors.js';
import type { ApiRouter } from '../server/router.js';
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

/** Feed media types beyond the XML types every route accepts; kept as raw bytes. */
const feedMediaTypes = ['application/rss+xml', 'application/edxl-de+xml'];

export function registerHazardRoutes(api: ApiRouter): void {
  for (const type of feedMediaTypes) {
    if (api.app.hasContentTypeParser(type)) continue;
    api.app.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
  }

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

/** XML arrives as a Buffer; JSON bodies arrive parsed and are serialised again for the parser. */
function bodyBytes(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body !== undefined && body !== null) return Buffer.from(JSON.stringify(body), 'utf8');
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
