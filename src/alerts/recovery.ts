import type { ChannelSender, LookupResult } from '../channels/index.js';
import type { AppContext } from '../context.js';
import { getContacts } from '../travelers/index.js';
import { setTargetOutcome } from './alerts.repo.js';
import { backoffMs } from './backoff.js';
import { claimStaleDeliveries, settleDelivery, type DeliveryRow } from './deliveries.repo.js';
import { sendersFor } from './senders.js';
import { fallBack } from './settle.js';

/**
 * Takes over deliveries left in `sending` by a worker that died or hung past its lease. The
 * provider may hold them already and its idempotency key lasts only minutes, so each one is
 * first looked up by its grouping key (our delivery id): found means accepted, and only a
 * message the provider never saw is queued again. A channel without lookup (the file outbox,
 * idempotent by delivery id) is queued again at once. Returns how many rows it took over.
 */
export async function recoverStaleDeliveries(ctx: AppContext, workerId: string): Promise<number> {
  let recovered = 0;
  for (;;) {
    const rows = await claimStaleDeliveries(ctx.db, {
      workerId,
      limit: 100,
      now: ctx.clock.real(),
      leaseMs: ctx.config.deliveryLeaseSeconds * 1000,
    });
    if (rows.length === 0) return recovered;
    const senders = sendersFor(ctx);
    const contacts = await getContacts(ctx, [...new Set(rows.map((row) => row.traveler_id))]);
    const byTraveler = new Map(contacts.map((contact) => [contact.travelerId, contact]));

    for (const row of rows) {
      const sender = senders.get(row.channel as ChannelSender['channel']);
      const found = sender?.lookup ? await lookupSafely(sender, row) : ({ found: false } as const);
      await applyLookup(ctx, workerId, row, found, byTraveler.get(row.traveler_id));
    }
    recovered += rows.length;
    ctx.log.info({ component: 'dispatch', recovered: rows.length }, 'recovered stale deliveries');
  }
}

async function lookupSafely(sender: ChannelSender, row: DeliveryRow): Promise<LookupResult> {
  try {
    return await sender.lookup!(row.id);
  } catch (error) {
    const detail = (error as Error).message ?? String(error);
    return { outcome: 'retryable', channel: sender.channel, code: 'exception', detail };
  }
}

async function applyLookup(
  ctx: AppContext,
  workerId: string,
  row: DeliveryRow,
  found: LookupResult,
  contact: Parameters<typeof fallBack>[3],
): Promise<void> {
  const at = ctx.clock.real().toISOString();
  const log = ctx.log.child({ component: 'dispatch', deliveryId: row.id, channel: row.channel });
  await ctx.db.transaction().execute(async (trx) => {
    if ('outcome' in found) {
      // Unknown at the provider: never resend blind, ask again after a backoff.
      log.warn({ code: found.code, detail: found.detail }, 'result lookup failed; will ask again');
      const due = new Date(Date.now() + backoffMs(row.attempts)).toISOString();
      await trx
        .updateTable('deliveries')
        .set({
          lease_until: due,
          lease_owner: null,
          last_error: `lookup ${found.code}`,
          updated_at: at,
        })
        .where('id', '=', row.id)
        .where('lease_owner', '=', workerId)
        .execute();
      return;
    }
    if (!found.found || found.state === 'failed-retryable' || found.state === 'cancelled') {
      await settleDelivery(trx, row.id, workerId, { state: 'queued', due_at: at }, at);
      return;
    }
    if (found.state === 'failed-permanent') {
      const failure = { error: `result ${found.resultCode}`, code: found.resultCode, at };
      await fallBack(trx, workerId, row, contact, sendersFor(ctx), failure);
      return;
    }
    const state = found.state === 'delivered' ? 'delivered' : 'accepted';
    const update = {
      state,
      provider_request_id: found.providerRequestId,
      accepted_at: at,
    } as const;
    if (
      await settleDelivery(trx, row.id, workerId, { ...update, result_code: found.resultCode }, at)
    ) {
      await setTargetOutcome(trx, row.alert_id, [row.traveler_id], state, ['queued', 'accepted']);
    }
  });
}
