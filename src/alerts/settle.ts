import { sql, type Kysely } from 'kysely';
import type { SendAccepted, SendResult } from '../channels/index.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/database.js';
import { setTargetOutcome } from './alerts.repo.js';
import { backoffMs } from './backoff.js';
import type { Contact } from './dispatch-batch.js';
import { insertDeliveries, settleDelivery, type DeliveryRow } from './deliveries.repo.js';
import { channelChain, type SenderMap } from './senders.js';

/** Outcome of one attempt, ready to be written. */
export interface Settlement {
  row: DeliveryRow;
  result: SendResult | { outcome: 'halted' };
  contact: Contact | undefined;
}

/**
 * Writes the outcomes of a batch in one transaction: accepted rows and their targets; retries
 * back to `queued` with a backoff; permanent failures (or retries used up) fall back to the
 * traveler's next channel as a new row, or end the target as failed when no channel is left.
 */
export async function settleBatch(
  ctx: AppContext,
  workerId: string,
  settlements: Settlement[],
  senders: SenderMap,
): Promise<void> {
  if (settlements.length === 0) return;
  const now = ctx.clock.real();
  const accepted = settlements.filter((entry) => entry.result.outcome === 'accepted');
  const others = settlements.filter((entry) => entry.result.outcome !== 'accepted');
  await ctx.db.transaction().execute(async (trx) => {
    await settleAcceptedRows(trx, workerId, accepted, now.toISOString());
    for (const settlement of others) {
      await settleOne(trx, ctx, workerId, settlement, senders, now);
    }
  });
}

/**
 * Settles accepted rows with one UPDATE per 500 (the common case, so it must be cheap) and
 * moves their targets to accepted. Rows whose lease this worker lost are left alone.
 */
async function settleAcceptedRows(
  trx: Kysely<Database>,
  workerId: string,
  accepted: Settlement[],
  at: string,
): Promise<void> {
  for (let start = 0; start < accepted.length; start += 500) {
    const chunk = accepted.slice(start, start + 500);
    const requestIds = chunk.map(
      ({ row, result }) =>
        sql`when ${row.id} then cast(${(result as SendAccepted).providerRequestId} as text)`,
    );
    const updated = await trx
      .updateTable('deliveries')
      .set({
        state: 'accepted',
        provider_request_id: sql`case id ${sql.join(requestIds, sql` `)} end`,
        accepted_at: at,
        lease_owner: null,
        lease_until: null,
        updated_at: at,
      })
      .where(
        'id',
        'in',
        chunk.map(({ row }) => row.id),
      )
      .where('state', '=', 'sending')
      .where('lease_owner', '=', workerId)
      .returning(['alert_id', 'traveler_id'])
      .execute();

    const byAlert = new Map<string, string[]>();
    for (const row of updated)
      byAlert.set(row.alert_id, [...(byAlert.get(row.alert_id) ?? []), row.traveler_id]);
    for (const [alertId, travelerIds] of byAlert) {
      await setTargetOutcome(trx, alertId, travelerIds, 'accepted', ['queued']);
    }
  }
}

async function settleOne(
  trx: Kysely<Database>,
  ctx: AppContext,
  workerId: string,
  { row, result, contact }: Settlement,
  senders: SenderMap,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  if (result.outcome === 'accepted') return;
  if (result.outcome === 'halted') {
    const update = { state: 'failed' as const, last_error: 'alert halted', final_at: at };
    if (!(await settleDelivery(trx, row.id, workerId, update, at))) return;
    await setTargetOutcome(trx, row.alert_id, [row.traveler_id], 'halted', ['queued']);
    return;
  }
  const error = `${result.code}: ${result.detail}`.slice(0, 500);
  if (result.outcome === 'retryable' && row.attempts < ctx.config.deliveryMaxAttempts) {
    const due = new Date(now.getTime() + backoffMs(row.attempts, result.retryAfterMs));
    const update = { state: 'queued' as const, due_at: due.toISOString(), last_error: error };
    await settleDelivery(trx, row.id, workerId, update, at);
    return;
  }
  await fallBack(trx, workerId, row, contact, senders, { error, code: result.code, at });
}

/**
 * Gives up on this channel for this traveler. The next channel of the chain gets its own
 * delivery row, so each channel is tried at most once per alert and traveler.
 */
export async function fallBack(
  trx: Kysely<Database>,
  workerId: string | null,
  row: DeliveryRow,
  contact: Contact | undefined,
  senders: SenderMap,
  failure: { error: string; code: string; at: string },
): Promise<void> {
  const chain = contact ? channelChain(contact, senders) : [];
  const next = chain[chain.indexOf(row.channel as (typeof chain)[number]) + 1];
  const state =
    next && chain.includes(row.channel as (typeof chain)[number]) ? 'fell-back' : 'failed';
  const update = {
    state,
    result_code: failure.code,
    last_error: failure.error,
    final_at: failure.at,
  } as const;

  const settled = workerId
    ? await settleDelivery(trx, row.id, workerId, update, failure.at)
    : await settleReported(trx, row.id, update, failure.at);
  if (!settled) return;
  if (state === 'failed') {
    await setTargetOutcome(trx, row.alert_id, [row.traveler_id], 'failed');
    return;
  }
  const nextRow = {
    alertId: row.alert_id,
    travelerId: row.traveler_id,
    channel: next,
    channelIndex: row.channel_index + 1,
    dueAt: failure.at,
  };
  await insertDeliveries(trx, [nextRow], failure.at);
  await setTargetOutcome(trx, row.alert_id, [row.traveler_id], 'queued');
}

/** Settles a delivery the provider had accepted and now reports as failed (no lease held). */
async function settleReported(
  trx: Kysely<Database>,
  id: string,
  update: {
    state: 'fell-back' | 'failed';
    result_code: string;
    last_error: string;
    final_at: string;
  },
  at: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('deliveries')
    .set({ ...update, updated_at: at })
    .where('id', '=', id)
    .where('state', 'in', ['accepted', 'delivered'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
