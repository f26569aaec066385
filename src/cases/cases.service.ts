import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit, type Actor } from '../audit/index.js';
import type { Database } from '../db/database.js';
import { newId } from '../ids.js';
import { NotFoundError, ValidationError } from '../server/errors.js';
import type { CaseTable } from './cases.tables.js';

export const casePriorities = ['urgent', 'high', 'normal', 'low'] as const;
export const caseStatuses = ['open', 'in-progress', 'transferred', 'closed'] as const;
export type CasePriority = (typeof casePriorities)[number];
export type CaseStatus = (typeof caseStatuses)[number];

export interface NewCase {
  /** What the case is about, e.g. incident, emergency, check-in-help, remittance, passport. */
  kind: string;
  priority: CasePriority;
  summary: string;
  details?: Record<string, unknown>;
  travelerId?: string | null;
  missionCode?: string | null;
  conversationId?: string | null;
  alertId?: string | null;
}

export interface Case {
  id: string;
  number: string;
  kind: string;
  priority: CasePriority;
  status: CaseStatus;
  summary: string;
  details: Record<string, unknown> | null;
  travelerId: string | null;
  missionCode: string | null;
  conversationId: string | null;
  alertId: string | null;
  assigneeId: string | null;
  closingCode: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

function toCase(row: CaseTable): Case {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    priority: row.priority,
    status: row.status,
    summary: row.summary,
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
    travelerId: row.traveler_id,
    missionCode: row.mission_code,
    conversationId: row.conversation_id,
    alertId: row.alert_id,
    assigneeId: row.assignee_id,
    closingCode: row.closing_code,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}

/**
 * Opens a case and audits it. Pass the caller's transaction when the case belongs to a larger
 * change (a check-in answer, a chat report), so both commit together.
 */
export async function openCase(db: Kysely<Database>, input: NewCase, actor: Actor): Promise<Case> {
  if (!casePriorities.includes(input.priority)) {
    throw new ValidationError([
      {
        field: 'priority',
        value: input.priority,
        message: `expected one of ${casePriorities.join(', ')}`,
      },
    ]);
  }
  const now = new Date().toISOString();
  const row: CaseTable = {
    id: newId(),
    number: `C-${now.slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex').toUpperCase()}`,
    kind: input.kind,
    priority: input.priority,
    status: 'open',
    summary: input.summary.slice(0, 500),
    details: input.details ? JSON.stringify(input.details) : null,
    traveler_id: input.travelerId ?? null,
    mission_code: input.missionCode ?? null,
    conversation_id: input.conversationId ?? null,
    alert_id: input.alertId ?? null,
    assignee_id: null,
    closing_code: null,
    created_at: now,
    updated_at: now,
    closed_at: null,
  };
  await db.insertInto('cases').values(row).execute();
  await recordAudit(db, {
    actor,
    action: 'case.open',
    entityType: 'case',
    entityId: row.id,
    details: { kind: row.kind, priority: row.priority },
  });
  return toCase(row);
}

/** Moves a case to a status; closing needs a closing code. Audited with the optional note. */
export async function setCaseStatus(
  db: Kysely<Database>,
  caseId: string,
  status: CaseStatus,
  actor: Actor,
  options: { closingCode?: string; note?: string; missionCode?: string } = {},
): Promise<Case> {
  if (status === 'closed' && !options.closingCode) {
    throw new ValidationError([
      {
        field: 'closingCode',
        value: null,
        message: 'closing a case needs a closing code, e.g. resolved',
      },
    ]);
  }
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirst();
    if (!current) throw new NotFoundError('case', caseId);
    const now = new Date().toISOString();
    const changes = {
      status,
      updated_at: now,
      closed_at: status === 'closed' ? now : null,
      closing_code: options.closingCode ?? current.closing_code,
      mission_code: options.missionCode ?? current.mission_code,
    };
    await trx.updateTable('cases').set(changes).where('id', '=', caseId).execute();
    if (options.note) await addNote(trx, caseId, actor, options.note);
    await recordAudit(trx, {
      actor,
      action: `case.${status}`,
      entityType: 'case',
      entityId: caseId,
      details: { from: current.status, to: status, closingCode: options.closingCode ?? null },
    });
    return toCase({ ...current, ...changes });
  });
}

async function addNote(trx: Kysely<Database>, caseId: string, actor: Actor, body: string) {
  await trx
    .insertInto('case_notes')
    .values({
      id: newId(),
      case_id: caseId,
      author_kind: actor.kind,
      author_id: actor.id,
      body,
      created_at: new Date().toISOString(),
    })
    .execute();
}

export async function getCase(db: Kysely<Database>, caseId: string): Promise<Case> {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!row) throw new NotFoundError('case', caseId);
  return toCase(row);
}

export interface CaseQuery {
  status?: CaseStatus;
  missionCode?: string;
  travelerId?: string;
  kind?: string;
  limit?: number;
}

/** Lists cases, most urgent first, then oldest first. */
export async function listCases(db: Kysely<Database>, query: CaseQuery = {}): Promise<Case[]> {
  let select = db.selectFrom('cases').selectAll();
  if (query.status) select = select.where('status', '=', query.status);
  if (query.missionCode) select = select.where('mission_code', '=', query.missionCode);
  if (query.travelerId) select = select.where('traveler_id', '=', query.travelerId);
  if (query.kind) select = select.where('kind', '=', query.kind);
  const rows = await select
    .orderBy('created_at')
    .limit(query.limit ?? 200)
    .execute();
  const rank = (priority: CasePriority) => casePriorities.indexOf(priority);
  return rows.map(toCase).sort((a, b) => rank(a.priority) - rank(b.priority));
}
