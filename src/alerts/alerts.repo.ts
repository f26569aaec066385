import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../db/database.js';
import type { AlertTable, AlertTargetTable, TargetOutcome } from './alerts.tables.js';

export type AlertRow = Selectable<AlertTable>;
export type AlertTargetRow = Selectable<AlertTargetTable>;

export async function insertAlert(db: Kysely<Database>, row: Insertable<AlertTable>) {
  await db.insertInto('alerts').values(row).execute();
}

/** Inserts targets in chunks that stay below SQLite's limit on bound parameters. */
export async function insertTargets(db: Kysely<Database>, rows: Insertable<AlertTargetTable>[]) {
  for (let start = 0; start < rows.length; start += 2000) {
    await db
      .insertInto('alert_targets')
      .values(rows.slice(start, start + 2000))
      .execute();
  }
}

export async function findAlert(db: Kysely<Database>, id: string): Promise<AlertRow | undefined> {
  return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAlertForVersion(db: Kysely<Database>, versionId: string, kind: string) {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('version_id', '=', versionId)
    .where('kind', '=', kind as AlertTable['kind'])
    .executeTakeFirst();
}

/** Alerts of an event that went out or are going out, newest first. */
export async function sentAlertsOfEvent(db: Kysely<Database>, eventId: string) {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('kind', '=', 'alert')
    .where('status', 'in', ['sending', 'sent', 'halted'])
    .orderBy('id', 'desc')
    .execute();
}

export async function draftsOfEvent(db: Kysely<Database>, eventId: string) {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('status', '=', 'draft')
    .execute();
}

/**
 * Updates an alert only while it has the expected status, so two officers (or an officer and
 * the worker) cannot both move it. Returns false when the status had changed.
 */
export async function updateAlertIf(
  db: Kysely<Database>,
  id: string,
  expected: AlertTable['status'][],
  update: Updateable<AlertTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('alerts')
    .set(update)
    .where('id', '=', id)
    .where('status', 'in', expected)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listAlertRows(
  db: Kysely<Database>,
  query: { status?: string; limit?: number; before?: string },
) {
  let select = db.selectFrom('alerts').selectAll().orderBy('id', 'desc');
  if (query.status) select = select.where('status', '=', query.status as AlertTable['status']);
  if (query.before) select = select.where('id', '<', query.before);
  return select.limit(query.limit ?? 50).execute();
}

/** Travelers an event's earlier alerts reached or are reaching. */
export async function alertedTravelers(db: Kysely<Database>, alertIds: string[]) {
  if (alertIds.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('alert_targets')
    .select('traveler_id')
    .where('alert_id', 'in', alertIds)
    .where('outcome', 'in', ['queued', 'accepted', 'delivered'])
    .execute();
  return new Set(rows.map((row) => row.traveler_id));
}

export async function targetsWithOutcome(
  db: Kysely<Database>,
  alertIds: string[],
  outcomes: TargetOutcome[],
  limit = 100_000,
) {
  if (alertIds.length === 0) return [];
  return db
    .selectFrom('alert_targets')
    .selectAll()
    .where('alert_id', 'in', alertIds)
    .where('outcome', 'in', outcomes)
    .limit(limit)
    .execute();
}

export async function setTargetOutcome(
  db: Kysely<Database>,
  alertId: string,
  travelerIds: string[],
  outcome: TargetOutcome,
  onlyFrom?: TargetOutcome[],
) {
  for (let start = 0; start < travelerIds.length; start += 900) {
    let update = db
      .updateTable('alert_targets')
      .set({ outcome })
      .where('alert_id', '=', alertId)
      .where('traveler_id', 'in', travelerIds.slice(start, start + 900));
    if (onlyFrom) update = update.where('outcome', 'in', onlyFrom);
    await update.execute();
  }
}

export async function countTargetsByOutcome(db: Kysely<Database>, alertIds: string[]) {
  if (alertIds.length === 0) return [];
  return db
    .selectFrom('alert_targets')
    .select(['alert_id', 'outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .where('alert_id', 'in', alertIds)
    .groupBy(['alert_id', 'outcome'])
    .execute();
}

export async function countCheckIns(db: Kysely<Database>, alertIds: string[]) {
  if (alertIds.length === 0) return [];
  return db
    .selectFrom('check_ins')
    .select(['alert_id', 'answer', (eb) => eb.fn.countAll<number>().as('n')])
    .where('alert_id', 'in', alertIds)
    .groupBy(['alert_id', 'answer'])
    .execute();
}
