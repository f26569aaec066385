import { z } from 'zod';
import type { ApiRouter } from '../server/router.js';
import { AppError } from '../server/errors.js';
import { caseStatuses, getCase, listCases, setCaseStatus } from './cases.service.js';

const caseQuery = z.object({
  status: z.enum(caseStatuses).optional(),
  kind: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const statusBody = z.object({
  status: z.enum(caseStatuses),
  closingCode: z.string().min(1).optional(),
  note: z.string().max(4000).optional(),
  missionCode: z.string().optional(),
});

export function registerCaseRoutes(api: ApiRouter): void {
  api.route(
    {
      method: 'GET',
      url: '/api/v1/cases',
      roles: ['agent', 'consul', 'admin'],
      summary: "List cases; consuls see only their mission's cases",
      query: caseQuery,
    },
    async ({ query, staff }) => {
      const missionCode = staff!.role === 'consul' ? (staff!.missionCode ?? '-') : undefined;
      return { items: await listCases(api.ctx.db, { ...query, missionCode }) };
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/v1/cases/:id',
      roles: ['agent', 'consul', 'admin'],
      summary: 'Read one case',
      params: z.object({ id: z.string() }),
    },
    async ({ params, staff }) => {
      const found = await getCase(api.ctx.db, params.id);
      if (staff!.role === 'consul' && found.missionCode !== staff!.missionCode) {
        throw new AppError(403, 'forbidden', 'this case belongs to another mission');
      }
      return found;
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/status',
      roles: ['agent', 'consul', 'admin'],
      summary: "Change a case's status, with an optional note; transfer names the mission",
      params: z.object({ id: z.string() }),
      body: statusBody,
    },
    async ({ params, body, staff }) => {
      const found = await getCase(api.ctx.db, params.id);
      if (staff!.role === 'consul' && found.missionCode !== staff!.missionCode) {
        throw new AppError(403, 'forbidden', 'this case belongs to another mission');
      }
      const actor = { kind: 'staff' as const, id: staff!.id };
      return setCaseStatus(api.ctx.db, params.id, body.status, actor, body);
    },
  );
}
