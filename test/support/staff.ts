import type { AppContext } from '../../src/context.js';
import { addStaff } from '../../src/staff/index.js';
import type { StaffRole } from '../../src/staff/roles.js';

let counter = 0;

/** Creates a staff member of a role and returns its bearer token header. */
export async function staffToken(
  ctx: AppContext,
  role: StaffRole,
  overrides: { email?: string; missionCode?: string } = {},
) {
  counter += 1;
  const created = await addStaff(
    ctx.db,
    {
      email: overrides.email ?? `${role}-${counter}-${Date.now()}@mofa.test`,
      role,
      missionCode: overrides.missionCode ?? (role === 'consul' ? 'JP-TOKYO-EMB' : null),
    },
    { kind: 'system', id: 'test' },
  );
  return { ...created, headers: { authorization: `Bearer ${created.token}` } };
}
