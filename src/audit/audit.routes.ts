import { z } from 'zod';
import type { ApiRouter } from '../server/router.js';
import { listAudit } from './audit.repo.js';

const auditQuery = z.object({
  entityType: z.string().optional(),
  entityId: z.string().optional(),
  before: z.string().optional(),
  limit: z.coerce
    .number({ error: 'expected a whole number from 1 to 1000' })
    .int()
    .min(1)
    .max(1000)
    .default(100),
});

export function registerAuditRoutes(api: ApiRouter): void {
  api.route(
    {
      method: 'GET',
      url: '/api/v1/audit',
      roles: ['admin'],
      summary: 'List audit log entries, newest first',
      query: auditQuery,
    },
    async ({ query }) => ({ items: await listAudit(api.ctx.db, query) }),
  );
}
