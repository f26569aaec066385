import { z } from 'zod';
import type { ApiRouter } from '../server/router.js';
import { interpretationLanguages, listInterpretationRequests } from './interpretation.service.js';

const listQuery = z.object({
  status: z.string().max(40).optional(),
  language: z
    .enum(interpretationLanguages, {
      error: `expected one of ${interpretationLanguages.join(', ')}`,
    })
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

/** Registers the read side of interpretation requests for the call center's agents. */
export function registerInterpretationRoutes(api: ApiRouter): void {
  api.route(
    {
      method: 'GET',
      url: '/api/v1/interpretation-requests',
      roles: ['agent', 'admin'],
      summary: 'List interpretation requests, oldest first, by status and language',
      tags: ['interpretation'],
      query: listQuery,
    },
    async ({ query }) => ({ items: await listInterpretationRequests(api.ctx.db, query) }),
  );
}
