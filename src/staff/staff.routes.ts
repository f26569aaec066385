import { z } from 'zod';
import type { ApiRouter } from '../server/router.js';
import { missionByCode } from '../missions/index.js';
import { staffRoles } from './roles.js';
import {
  addStaff,
  emailPattern,
  listStaff,
  missionCodePattern,
  revokeStaff,
} from './staff.service.js';

// Every field's own rules are in the schema, so one response lists every invalid field. The
// rule that ties fields together (a consul needs a mission) is checked by the service after.
const newStaffBody = z.strictObject({
  email: z
    .string({ error: 'expected an e-mail address' })
    .regex(emailPattern, 'expected an e-mail address'),
  role: z.enum(staffRoles, { error: `expected one of ${staffRoles.join(', ')}` }),
  missionCode: z
    .string({ error: 'expected a mission code such as JP-TOKYO-EMB' })
    .regex(missionCodePattern, {
      message: 'expected a mission code such as JP-TOKYO-EMB: country code, hyphen, name',
      abort: true,
    })
    .refine(
      (code) => missionByCode(code) !== undefined,
      'no mission has this code; list codes with `abroad missions list`',
    )
    .nullish(),
});

const emailParams = z.object({ email: z.string().min(3) });

export function registerStaffRoutes(api: ApiRouter): void {
  api.route(
    { method: 'GET', url: '/api/v1/staff', roles: ['admin'], summary: 'List staff members' },
    async () => ({ items: await listStaff(api.ctx.db) }),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/v1/staff',
      roles: ['admin'],
      summary: 'Add a staff member and return a one-time API token',
      body: newStaffBody,
    },
    async ({ body, staff, reply }) => {
      const actor = { kind: 'staff' as const, id: staff!.id, email: staff!.email };
      const created = await addStaff(api.ctx.db, body, actor);
      reply.code(201);
      return created;
    },
  );

  api.route(
    {
      method: 'DELETE',
      url: '/api/v1/staff/:email',
      roles: ['admin'],
      summary: 'Revoke a staff member and every token it holds',
      params: emailParams,
    },
    async ({ params, staff }) => {
      const actor = { kind: 'staff' as const, id: staff!.id, email: staff!.email };
      return revokeStaff(api.ctx.db, params.email, actor);
    },
  );
}
