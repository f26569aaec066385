import { z } from 'zod';
import type { Actor } from '../audit/index.js';
import { AppError } from '../server/errors.js';
import type { ApiRouter } from '../server/router.js';
import type { StaffPrincipal } from '../staff/roles.js';
import { getAlert, listAlerts, previewAlert } from './alerts.service.js';
import {
  allowAddress,
  answerLink,
  problemPage,
  questionPage,
  resolveLink,
  thanksPage,
} from './check-in-page.js';
import { approveAlert, editDraft, haltAlert, rejectAlert, setDraftArea } from './decisions.js';
import { registerProviderHookRoutes } from './provider-hooks.routes.js';
import { listTemplates } from './templates.js';

const readers = ['alert-officer', 'admin', 'agent', 'consul'] as const;
const officers = ['alert-officer', 'admin'] as const;

const idParams = z.object({ id: z.string().min(1, 'expected an alert id') });
const listQuery = z.object({
  status: z.enum(['draft', 'sending', 'sent', 'halted', 'rejected']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z.string().optional(),
});
const editBody = z.object({
  variables: z.record(z.string(), z.string()).optional(),
  smsText: z.string().min(1).max(2000).optional(),
});
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const areaBody = z.object({
  areas: z
    .array(
      z.object({
        description: z.string().min(1).max(200),
        polygons: z
          .array(z.array(position).min(4, 'expected a closed ring of 4 or more points'))
          .default([]),
        circles: z
          .array(z.object({ center: position, radiusKm: z.number().positive().max(2000) }))
          .default([]),
        geocodes: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
      }),
    )
    .min(1, 'expected at least one area'),
});
const rejectBody = z.object({ note: z.string().max(1000).optional() }).optional();

function actorOf(staff: StaffPrincipal | undefined): Actor {
  return { kind: 'staff', id: staff!.id, email: staff!.email };
}

export function registerAlertRoutes(api: ApiRouter): void {
  registerReadRoutes(api);
  registerDecisionRoutes(api);
  registerCheckInRoutes(api);
  registerProviderHookRoutes(api);
}

function registerReadRoutes(api: ApiRouter): void {
  const tags = ['alerts'];
  api.route(
    {
      method: 'GET',
      url: '/api/v1/alerts',
      roles: readers,
      summary: 'List alerts with counts',
      tags,
      query: listQuery,
    },
    async ({ query }) => ({ items: await listAlerts(api.ctx, query) }),
  );
  api.route(
    {
      method: 'GET',
      url: '/api/v1/alerts/templates',
      roles: readers,
      summary: 'List message templates',
      tags,
    },
    async () => ({ items: listTemplates() }),
  );
  api.route(
    {
      method: 'GET',
      url: '/api/v1/alerts/:id',
      roles: readers,
      summary: 'Show an alert',
      tags,
      params: idParams,
    },
    async ({ params }) => getAlert(api.ctx, params.id),
  );
  api.route(
    {
      method: 'GET',
      url: '/api/v1/alerts/:id/preview',
      roles: readers,
      summary: 'Render the message for the first targets without sending',
      tags,
      params: idParams,
    },
    async ({ params }) => previewAlert(api.ctx, params.id),
  );
}

function registerDecisionRoutes(api: ApiRouter): void {
  const tags = ['alerts'];
  const spec = (method: 'POST' | 'PATCH' | 'PUT', url: string, summary: string) =>
    ({ method, url, roles: officers, summary, tags, params: idParams }) as const;

  api.route(
    spec('POST', '/api/v1/alerts/:id/approve', 'Approve a draft and send it'),
    async ({ params, staff }) =>
      approveAlert(api.ctx, params.id, actorOf(staff)).then(() => getAlert(api.ctx, params.id)),
  );
  api.route(
    { ...spec('POST', '/api/v1/alerts/:id/reject', 'Reject a draft'), body: rejectBody },
    async ({ params, body, staff }) =>
      rejectAlert(api.ctx, params.id, actorOf(staff), body?.note).then(() =>
        getAlert(api.ctx, params.id),
      ),
  );
  api.route(
    spec('POST', '/api/v1/alerts/:id/halt', 'Stop a send in progress'),
    async ({ params, staff }) =>
      haltAlert(api.ctx, params.id, actorOf(staff)).then(async (result) => ({
        alert: await getAlert(api.ctx, params.id),
        stoppedDeliveries: result.stoppedDeliveries,
      })),
  );
  api.route(
    {
      ...spec('PATCH', '/api/v1/alerts/:id', 'Edit the variables or SMS text of a draft'),
      body: editBody,
    },
    async ({ params, body, staff }) =>
      editDraft(api.ctx, params.id, body, actorOf(staff)).then(() => getAlert(api.ctx, params.id)),
  );
  api.route(
    {
      ...spec('PUT', '/api/v1/alerts/:id/area', 'Set the area of a draft whose area is unresolved'),
      body: areaBody,
    },
    async ({ params, body, staff }) =>
      setDraftArea(api.ctx, params.id, body.areas, actorOf(staff)).then(() =>
        getAlert(api.ctx, params.id),
      ),
  );
}

const tokenParams = z.object({ token: z.string().min(1).max(64) });
const answerSchema = z.enum(['safe', 'need-help']);

/** Registers the check-in page behind each signed link, outside /api/v1: the signature is its credential. */
function registerCheckInRoutes(api: ApiRouter): void {
  if (!api.app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    api.app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
  }

  api.route(
    {
      method: 'GET',
      url: '/c/:token',
      roles: 'public',
      summary: 'Check-in question page of a signed link',
      params: tokenParams,
      query: z.object({ answer: answerSchema.optional() }),
    },
    async ({ params, query, request, reply }) => {
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
      if (!(await allowAddress(api.ctx, request.ip))) return tooMany(reply);
      const target = await resolveLink(api.ctx, params.token);
      if (!target) return notFound(reply);
      return questionPage(target, params.token, query.answer);
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/c/:token',
      roles: 'public',
      summary: 'Answer the check-in question of a signed link',
      params: tokenParams,
      body: z.object({ answer: answerSchema }),
    },
    async ({ params, body, request, reply }) => {
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
      if (!(await allowAddress(api.ctx, request.ip))) return tooMany(reply);
      try {
        const result = await answerLink(api.ctx, params.token, body.answer);
        return thanksPage(result.answer);
      } catch (error) {
        if (error instanceof AppError && error.status === 404) return notFound(reply);
        throw error;
      }
    },
  );
}

function tooMany(reply: {
  code(status: number): unknown;
  header(name: string, value: string): unknown;
}) {
  reply.code(429);
  reply.header('retry-after', '60');
  return problemPage('요청이 너무 많습니다', '잠시 후 다시 시도해 주십시오.');
}

function notFound(reply: { code(status: number): unknown }) {
  reply.code(404);
  return problemPage(
    '유효하지 않은 링크',
    '링크가 잘못되었거나 만료되었습니다. 영사콜센터로 연락해 주십시오.',
  );
}
