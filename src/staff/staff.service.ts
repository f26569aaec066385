import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit, type Actor } from '../audit/index.js';
import type { Database } from '../db/database.js';
import { missionByCode } from '../missions/index.js';
import { newId } from '../ids.js';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../server/errors.js';
import { staffRoles, type StaffPrincipal, type StaffRole } from './roles.js';

export const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const missionCodePattern = /^[A-Z]{2}-[A-Z0-9-]{2,40}$/;

export interface NewStaff {
  email: string;
  role: string;
  missionCode?: string | null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function validateNewStaff(input: NewStaff) {
  const problems = [];
  if (!emailPattern.test(input.email)) {
    problems.push({ field: 'email', value: input.email, message: 'expected an e-mail address' });
  }
  if (!staffRoles.includes(input.role as StaffRole)) {
    problems.push({
      field: 'role',
      value: input.role,
      message: `expected one of ${staffRoles.join(', ')}`,
    });
  }
  const mission = input.missionCode ?? null;
  if (input.role === 'consul' && !mission) {
    problems.push({
      field: 'missionCode',
      value: mission,
      message: 'a consul is bound to a mission: give its code, e.g. --mission JP-TOKYO-EMB',
    });
  } else if (mission && !missionCodePattern.test(mission)) {
    problems.push({
      field: 'missionCode',
      value: mission,
      message: 'expected a mission code such as JP-TOKYO-EMB: country code, hyphen, name',
    });
  } else if (mission && !missionByCode(mission)) {
    problems.push({
      field: 'missionCode',
      value: mission,
      message: 'no mission has this code; list codes with `abroad missions list`',
    });
  } else if (mission && input.role !== 'consul' && staffRoles.includes(input.role as StaffRole)) {
    problems.push({
      field: 'missionCode',
      value: mission,
      message: `only consuls are bound to a mission; leave it out for role ${input.role}`,
    });
  }
  if (problems.length > 0) throw new ValidationError(problems);
}

/**
 * Creates a staff member with a first API token. Returns the token in clear text: it is shown
 * once, and only its SHA-256 hash is stored.
 */
export async function addStaff(db: Kysely<Database>, input: NewStaff, actor: Actor) {
  validateNewStaff(input);
  const email = input.email.trim().toLowerCase();

  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('staff')
      .select(['id', 'revoked_at'])
      .where('email', '=', email)
      .executeTakeFirst();
    if (existing && !existing.revoked_at) {
      throw new ConflictError(
        'staff-exists',
        `staff member ${email} already exists; to replace a lost token use \`abroad staff rotate ${email}\``,
      );
    }
    if (existing) return reinstate(trx, existing.id, email, input, actor);

    const now = new Date().toISOString();
    const id = newId();
    await trx
      .insertInto('staff')
      .values({
        id,
        email,
        role: input.role,
        mission_code: input.missionCode ?? null,
        created_at: now,
        revoked_at: null,
      })
      .execute();
    const token = await issueToken(trx, id, now);
    await recordAudit(trx, {
      actor,
      action: 'staff.add',
      entityType: 'staff',
      entityId: id,
      details: { email, role: input.role, missionCode: input.missionCode ?? null },
    });
    return { id, email, role: input.role as StaffRole, token };
  });
}

/** Brings back a revoked member with the role and mission given now, and a new token. */
async function reinstate(
  trx: Kysely<Database>,
  id: string,
  email: string,
  input: NewStaff,
  actor: Actor,
) {
  const now = new Date().toISOString();
  await trx
    .updateTable('staff')
    .set({ role: input.role, mission_code: input.missionCode ?? null, revoked_at: null })
    .where('id', '=', id)
    .execute();
  const token = await issueToken(trx, id, now);
  await recordAudit(trx, {
    actor,
    action: 'staff.reinstate',
    entityType: 'staff',
    entityId: id,
    details: { email, role: input.role, missionCode: input.missionCode ?? null },
  });
  return { id, email, role: input.role as StaffRole, token };
}

/** Ends every token of an active member and issues a new one, shown once. */
export async function rotateToken(db: Kysely<Database>, email: string, actor: Actor) {
  const normalized = email.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    const member = await trx
      .selectFrom('staff')
      .select(['id', 'role'])
      .where('email', '=', normalized)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!member) throw new NotFoundError('active staff member', normalized);

    const now = new Date().toISOString();
    await trx
      .updateTable('staff_tokens')
      .set({ revoked_at: now })
      .where('staff_id', '=', member.id)
      .where('revoked_at', 'is', null)
      .execute();
    const token = await issueToken(trx, member.id, now);
    await recordAudit(trx, {
      actor,
      action: 'staff.rotate-token',
      entityType: 'staff',
      entityId: member.id,
    });
    return { id: member.id, email: normalized, role: member.role, token };
  });
}

async function issueToken(trx: Kysely<Database>, staffId: string, now: string) {
  const token = `abr_${randomBytes(32).toString('base64url')}`;
  await trx
    .insertInto('staff_tokens')
    .values({
      id: newId(),
      staff_id: staffId,
      token_hash: hashToken(token),
      created_at: now,
      revoked_at: null,
      last_used_at: null,
    })
    .execute();
  return token;
}

/** Ends every token of a staff member and marks the member revoked. */
export async function revokeStaff(db: Kysely<Database>, email: string, actor: Actor) {
  const normalized = email.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    const member = await trx
      .selectFrom('staff')
      .select(['id', 'revoked_at'])
      .where('email', '=', normalized)
      .executeTakeFirst();
    if (!member) throw new NotFoundError('staff member', normalized);

    const now = new Date().toISOString();
    const ended = await trx
      .updateTable('staff_tokens')
      .set({ revoked_at: now })
      .where('staff_id', '=', member.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    await trx.updateTable('staff').set({ revoked_at: now }).where('id', '=', member.id).execute();
    await recordAudit(trx, {
      actor,
      action: 'staff.revoke',
      entityType: 'staff',
      entityId: member.id,
      details: { email: normalized, tokensEnded: Number(ended.numUpdatedRows) },
    });
    return { id: member.id, tokensEnded: Number(ended.numUpdatedRows) };
  });
}

/** Returns the staff member a bearer token belongs to, or undefined for an unknown token. */
export async function authenticate(
  db: Kysely<Database>,
  token: string,
): Promise<StaffPrincipal | undefined> {
  const row = await db
    .selectFrom('staff_tokens')
    .innerJoin('staff', 'staff.id', 'staff_tokens.staff_id')
    .select(['staff.id', 'staff.email', 'staff.role', 'staff.mission_code'])
    .where('staff_tokens.token_hash', '=', hashToken(token))
    .where('staff_tokens.revoked_at', 'is', null)
    .where('staff.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    email: row.email,
    role: row.role as StaffRole,
    missionCode: row.mission_code,
  };
}

export async function listStaff(db: Kysely<Database>) {
  const rows = await db.selectFrom('staff').selectAll().orderBy('email').execute();
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: row.role,
    missionCode: row.mission_code,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  }));
}

export function requireRole(principal: StaffPrincipal | undefined, roles: readonly StaffRole[]) {
  if (!principal) throw new AppError(401, 'unauthenticated', 'a bearer token is required');
  if (!roles.includes(principal.role)) {
    throw new AppError(
      403,
      'forbidden',
      `role ${principal.role} may not do this; allowed: ${roles.join(', ')}`,
    );
  }
}
