import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { newId } from '../ids.js';
import type { AuditLogTable } from './audit.tables.js';

/** Who made a change: a staff member, a traveler (through chat or a link), or the system. */
export type Actor =
  | { kind: 'staff'; id: string; email?: string }
  | { kind: 'traveler'; id: string }
  | { kind: 'system'; id: string };

export interface AuditEntry {
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  details?: Record<string, unknown>;
}

export interface AuditRecord {
  id: string;
  at: string;
  actor: { kind: Actor['kind']; id: string };
  action: string;
  entityType: string;
  entityId: string;
  details: Record<string, unknown> | null;
}

/**
 * Writes one audit row. Pass the transaction that makes the change, so the change and its
 * record commit or roll back together.
 */
export async function recordAudit(trx: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: new Date().toISOString(),
      actor_kind: entry.actor.kind,
      actor_id: entry.actor.id,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      details: entry.details ? JSON.stringify(entry.details) : null,
    })
    .execute();
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  limit?: number;
  /** Return rows with ids below this one (ids sort by time), for paging backwards. */
  before?: string;
}

/** Lists audit rows, newest first. */
export async function listAudit(db: Kysely<Database>, query: AuditQuery = {}) {
  let select = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc');
  if (query.entityType) select = select.where('entity_type', '=', query.entityType);
  if (query.entityId) select = select.where('entity_id', '=', query.entityId);
  if (query.before) select = select.where('id', '<', query.before);
  const rows = await select.limit(query.limit ?? 100).execute();
  return rows.map(toRecord);
}

function toRecord(row: AuditLogTable): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    actor: { kind: row.actor_kind, id: row.actor_id },
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
  };
}
