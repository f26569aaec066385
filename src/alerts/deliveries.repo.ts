import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../db/database.js';
import { dialectOf } from '../db/dialect.js';
import { newId } from '../ids.js';
import type { DeliveryTable } from './alerts.tables.js';

export type DeliveryRow = Selectable<DeliveryTable>;

export interface ClaimOptions {
  workerId: string;
  limit: number;
  now: Date;
  leaseMs: number;
}

/**
 * Claims up to `limit` due queued deliveries for one worker: they move to `sending` with a lease
 * and one more attempt. On PostgreSQL the inner SELECT skips rows another worker has locked, so
 * concurrent claims never wait on each other or return the same row. On SQLite the single
 * UPDATE ... RETURNING runs as one write transaction, which SQLite already serializes.
 */
export async function claimDueDeliveries(
  db: Kysely<Database>,
  options: ClaimOptions,
): Promise<DeliveryRow[]> {
  return claimDueQuery(db, options).execute();
}

/** Builds the claim statement of `claimDueDeliveries`, so its SQL can be reviewed per dialect. */
export function claimDueQuery(db: Kysely<Database>, options: ClaimOptions) {
  const now = options.now.toISOString();
  let due = db
    .selectFrom('deliveries')
    .select('id')
    .where('state', '=', 'queued')
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(options.limit);
  if (dialectOf(db) === 'postgres') due = due.forUpdate().skipLocked();

  return db
    .updateTable('deliveries')
    .set({
      state: 'sending',
      lease_owner: options.workerId,
      lease_until: new Date(options.now.getTime() + options.leaseMs).toISOString(),
      attempts: sql`attempts + 1`,
      updated_at: now,
    })
    .where('id', 'in', due)
    .returningAll();
}

/**
 * Claims deliveries left in `sending` by a worker whose lease ran out (it crashed or hung).
 * The provider may already hold them, so the caller checks with the provider before any resend.
 */
export async function claimStaleDeliveries(
  db: Kysely<Database>,
  options: ClaimOptions,
): Promise<DeliveryRow[]> {
  const now = options.now.toISOString();
  let stale = db
    .selectFrom('deliveries')
    .select('id')
    .where('state', '=', 'sending')
    .where('lease_until', '<', now)
    .orderBy('lease_until')
    .limit(options.limit);
  if (dialectOf(db) === 'postgres') stale = stale.forUpdate().skipLocked();

  return db
    .updateTable('deliveries')
    .set({
      lease_owner: options.workerId,
      lease_until: new Date(options.now.getTime() + options.leaseMs).toISOString(),
      updated_at: now,
    })
    .where('id', 'in', stale)
    .where('state', '=', 'sending')
    .returningAll()
    .execute();
}

/** The fields a worker writes when it settles a delivery it holds. */
export interface DeliveryUpdate {
  state: DeliveryTable['state'];
  due_at?: string;
  provider_request_id?: string | null;
  result_code?: string | null;
  last_error?: string | null;
  accepted_at?: string | null;
  final_at?: string | null;
  attempts?: number;
}

/**
 * Settles a delivery only if this worker still holds its lease, so a worker that lost its
 * lease to recovery cannot overwrite what the new holder wrote. Returns false when it lost.
 */
export async function settleDelivery(
  db: Kysely<Database>,
  id: string,
  workerId: string,
  update: DeliveryUpdate,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ ...update, lease_owner: null, lease_until: null, updated_at: now })
    .where('id', '=', id)
    .where('state', '=', 'sending')
    .where('lease_owner', '=', workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface NewDelivery {
  alertId: string;
  travelerId: string;
  channel: string;
  channelIndex: number;
  dueAt: string;
}

/**
 * Inserts queued deliveries; a row whose (alert, traveler, channel) key exists is skipped, so
 * queueing twice after a crash adds nothing.
 */
export async function insertDeliveries(
  db: Kysely<Database>,
  deliveries: NewDelivery[],
  now: string,
): Promise<void> {
  // 17 columns a row: chunks of 500 stay below SQLite's limit on bound parameters.
  for (let start = 0; start < deliveries.length; start += 500) {
    const rows = deliveries.slice(start, start + 500).map((delivery) => ({
      id: newId(),
      alert_id: delivery.alertId,
      traveler_id: delivery.travelerId,
      channel: delivery.channel,
      channel_index: delivery.channelIndex,
      state: 'queued' as const,
      attempts: 0,
      due_at: delivery.dueAt,
      created_at: now,
      updated_at: now,
    }));
    await db
      .insertInto('deliveries')
      .values(rows)
      .onConflict((conflict) =>
        conflict.columns(['alert_id', 'traveler_id', 'channel']).doNothing(),
      )
      .execute();
  }
}

/** Ends every queued delivery of an alert; rows already claimed finish their one attempt. */
export async function failQueuedDeliveries(
  db: Kysely<Database>,
  alertId: string,
  reason: string,
  now: string,
): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set({ state: 'failed', last_error: reason, final_at: now, updated_at: now })
    .where('alert_id', '=', alertId)
    .where('state', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findDelivery(db: Kysely<Database>, id: string) {
  return db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Counts deliveries of an alert by state. */
export async function countDeliveriesByState(db: Kysely<Database>, alertIds: string[]) {
  if (alertIds.length === 0) return [];
  return db
    .selectFrom('deliveries')
    .select(['alert_id', 'state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('alert_id', 'in', alertIds)
    .groupBy(['alert_id', 'state'])
    .execute();
}
