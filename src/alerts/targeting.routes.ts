import { z } from 'zod';
import type { ApiRouter } from '../server/router.js';
import { NotFoundError } from '../server/errors.js';
import { resolveEvents, targetsOf } from './targeting.service.js';

export function registerTargetingRoutes(api: ApiRouter): void {
  api.route(
    {
      method: 'GET',
      url: '/api/v1/hazard-events/:id/targets',
      roles: ['alert-officer', 'admin'],
      summary: 'Stays the current version of an event touches, with counts per country and place',
      params: z.object({ id: z.string().min(1) }),
      query: z.object({ matches: z.enum(['true', 'false']).default('true') }),
    },
    async ({ params, query }) => {
      const events = await resolveEvents(api.ctx, params.id);
      if (events.length === 0) throw new NotFoundError('hazard event', params.id);
      const items = [];
      for (const version of events) {
        const targets = await targetsOf(api.ctx, version);
        items.push({
          ...targets,
          total: targets.matches.length,
          matches: query.matches === 'true' ? targets.matches : undefined,
        });
      }
      return { items };
    },
  );
}
