import { z } from 'zod';
import { recordAudit } from '../audit/index.js';
import { idPattern } from '../ids.js';
import type { ApiRouter } from '../server/router.js';
import { AppError } from '../server/errors.js';
import type { StaffPrincipal } from '../staff/index.js';
import { exportTravelers } from './export.js';
import {
  addStay,
  createTraveler,
  deleteStay,
  deleteTraveler,
  getTraveler,
  updateStay,
  updateTraveler,
} from './travelers.service.js';

const travelerBody = z.object({
  ref: z.string().max(64).nullish(),
  name: z.string().max(200).nullish(),
  phone: z.string().max(32).nullish(),
  kakaoUserKey: z.string().max(128).nullish(),
  email: z.string().max(254).nullish(),
  language: z.string().max(8).nullish(),
  consent: z.object({ version: z.string().min(1).max(64), at: z.string().optional() }).nullish(),
});

const stayBody = z.object({
  country: z.string({ error: 'expected an ISO 3166-1 alpha-2 country code' }),
  cityId: z.number().int().nullish(),
  city: z.string().max(200).nullish(),
  lat: z.number().nullish(),
  lon: z.number().nullish(),
  startDate: z.string({ error: 'expected a date as YYYY-MM-DD' }),
  endDate: z.string({ error: 'expected a date as YYYY-MM-DD' }),
});

const id = z.string().regex(idPattern, 'expected an id such as 019a2b3c-...-7xxx (a UUIDv7)');
const travelerParams = z.object({ id });
const stayParams = z.object({ id, stayId: id });

function actorOf(staff: StaffPrincipal | undefined) {
  return { kind: 'staff' as const, id: staff!.id, email: staff!.email };
}

/** Consuls reach only travelers with a stay under their own mission. */
function assertJurisdiction(
  staff: StaffPrincipal | undefined,
  stays: { missionCode: string | null }[],
) {
  if (staff?.role !== 'consul') return;
  if (!stays.some((stay) => stay.missionCode === staff.missionCode)) {
    throw new AppError(
      403,
      'forbidden',
      `this traveler has no stay under mission ${staff.missionCode}`,
    );
  }
}

export function registerTravelerRoutes(api: ApiRouter): void {
  const ctx = api.ctx;

  api.route(
    {
      method: 'GET',
      url: '/api/v1/travelers/export',
      roles: ['admin', 'consul'],
      summary: 'Export travelers with stays and contacts; consuls get their jurisdiction only',
    },
    async ({ staff, reply }) => {
      const missionCode = staff!.role === 'consul' ? (staff!.missionCode ?? '-') : undefined;
      const items = [];
      for await (const traveler of exportTravelers(ctx, { includeContacts: true, missionCode })) {
        items.push(traveler);
      }
      await recordAudit(ctx.db, {
        actor: actorOf(staff),
        action: 'traveler.export',
        entityType: 'traveler',
        entityId: 'bulk',
        details: { count: items.length, missionCode: missionCode ?? null },
      });
      reply.header('cache-control', 'no-store');
      return { items };
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/api/v1/travelers',
      roles: ['admin', 'agent'],
      summary: 'Register a traveler with consent',
      body: travelerBody,
    },
    async ({ body, staff, reply }) => {
      reply.code(201);
      return createTraveler(ctx, body, actorOf(staff));
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/v1/travelers/:id',
      roles: ['admin', 'consul', 'agent'],
      summary: 'Read a traveler with stays',
      params: travelerParams,
    },
    async ({ params, staff }) => {
      const traveler = await getTraveler(ctx, params.id);
      assertJurisdiction(staff, traveler.stays);
      if (staff!.role !== 'consul') return traveler;
      const stays = traveler.stays.filter((stay) => stay.missionCode === staff!.missionCode);
      return { ...traveler, stays };
    },
  );

  api.route(
    {
      method: 'PATCH',
      url: '/api/v1/travelers/:id',
      roles: ['admin', 'agent'],
      summary: "Change a traveler's contact fields",
      params: travelerParams,
      body: travelerBody,
    },
    async ({ params, body, staff }) => updateTraveler(ctx, params.id, body, actorOf(staff)),
  );

  api.route(
    {
      method: 'DELETE',
      url: '/api/v1/travelers/:id',
      roles: ['admin'],
      summary: 'Erase a traveler and every copy of its personal data',
      params: travelerParams,
    },
    async ({ params, staff }) => {
      await deleteTraveler(ctx, params.id, actorOf(staff));
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/api/v1/travelers/:id/stays',
      roles: ['admin', 'agent'],
      summary: 'Add a stay',
      params: travelerParams,
      body: stayBody,
    },
    async ({ params, body, staff, reply }) => {
      reply.code(201);
      return addStay(ctx, params.id, body, actorOf(staff));
    },
  );

  api.route(
    {
      method: 'PATCH',
      url: '/api/v1/travelers/:id/stays/:stayId',
      roles: ['admin', 'agent'],
      summary: 'Change a stay',
      params: stayParams,
      body: stayBody.partial(),
    },
    async ({ params, body, staff }) =>
      updateStay(ctx, params.id, params.stayId, body, actorOf(staff)),
  );

  api.route(
    {
      method: 'DELETE',
      url: '/api/v1/travelers/:id/stays/:stayId',
      roles: ['admin', 'agent'],
      summary: 'Remove a stay',
      params: stayParams,
    },
    async ({ params, staff }) => {
      await deleteStay(ctx, params.id, params.stayId, actorOf(staff));
    },
  );
}
