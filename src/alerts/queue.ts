import type { AppContext } from '../context.js';
import { getContacts } from '../travelers/index.js';
import { setTargetOutcome, targetsWithOutcome } from './alerts.repo.js';
import { insertDeliveries, type NewDelivery } from './deliveries.repo.js';
import { channelChain, sendersFor } from './senders.js';

const chunkSize = 1000;

/**
 * Queues the first delivery of every pending target of a sending alert and marks targets with
 * no channel as unreachable. Works in chunks, each in its own transaction; run again after a
 * crash it continues where it stopped, because only `pending` targets are read and the
 * delivery key rejects a second row. Returns how many targets it queued.
 */
export async function queuePendingTargets(ctx: AppContext, alertId: string): Promise<number> {
  const available = sendersFor(ctx);
  let queued = 0;
  for (;;) {
    const targets = await targetsWithOutcome(ctx.db, [alertId], ['pending'], chunkSize);
    if (targets.length === 0) return queued;

    const contacts = await getContacts(
      ctx,
      targets.map((target) => target.traveler_id),
    );
    const byTraveler = new Map(contacts.map((contact) => [contact.travelerId, contact]));
    const now = ctx.clock.real().toISOString();
    const deliveries: NewDelivery[] = [];
    const unreachable: string[] = [];
    for (const target of targets) {
      const contact = byTraveler.get(target.traveler_id);
      const chain = contact ? channelChain(contact, available) : [];
      if (chain.length === 0) unreachable.push(target.traveler_id);
      else {
        deliveries.push({
          alertId,
          travelerId: target.traveler_id,
          channel: chain[0],
          channelIndex: 0,
          dueAt: now,
        });
      }
    }

    await ctx.db.transaction().execute(async (trx) => {
      await insertDeliveries(trx, deliveries, now);
      const ids = deliveries.map((delivery) => delivery.travelerId);
      await setTargetOutcome(trx, alertId, ids, 'queued', ['pending']);
      await setTargetOutcome(trx, alertId, unreachable, 'unreachable', ['pending']);
    });
    queued += deliveries.length;
  }
}
