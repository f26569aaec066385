import type { ChannelName, DeliveryState } from '../channels/index.js';
import type { AppContext } from '../context.js';
import { getContacts } from '../travelers/index.js';
import { setTargetOutcome } from './alerts.repo.js';
import { findDelivery } from './deliveries.repo.js';
import { sendersFor } from './senders.js';
import { fallBack } from './settle.js';

export interface ProviderResult {
  /** Our delivery id, echoed by the provider as the grouping key. */
  groupingKey: string;
  state: DeliveryState;
  resultCode: string;
}

/**
 * Applies a final result reported by a provider (webhook or poll) to an accepted delivery:
 * delivered ends it; a failure (not a KakaoTalk user, blocked, ...) falls back to the next
 * channel. Results for unknown or already settled deliveries change nothing. Returns whether
 * anything changed.
 */
export async function applyProviderResult(ctx: AppContext, result: ProviderResult) {
  const row = await findDelivery(ctx.db, result.groupingKey);
  if (!row || !['accepted', 'delivered'].includes(row.state)) return false;
  if (result.state === 'pending') return false;
  const at = ctx.clock.real().toISOString();

  if (result.state === 'delivered') {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('deliveries')
        .set({ state: 'delivered', result_code: result.resultCode, final_at: at, updated_at: at })
        .where('id', '=', row.id)
        .where('state', '=', 'accepted')
        .execute();
      await setTargetOutcome(trx, row.alert_id, [row.traveler_id], 'delivered', ['accepted']);
    });
    return true;
  }

  const [contact] = await getContacts(ctx, [row.traveler_id]);
  const failure = { error: `provider result ${result.resultCode}`, code: result.resultCode, at };
  await ctx.db.transaction().execute(async (trx) => {
    await fallBack(trx, null, row, contact, sendersFor(ctx), failure);
  });
  return true;
}

/** Marks alerts whose every delivery reached a final state as sent. */
export async function completeFinishedAlerts(ctx: AppContext): Promise<number> {
  const at = ctx.clock.real().toISOString();
  const result = await ctx.db
    .updateTable('alerts')
    .set({ status: 'sent', completed_at: at })
    .where('status', '=', 'sending')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('deliveries')
            .select('deliveries.id')
            .whereRef('deliveries.alert_id', '=', 'alerts.id')
            .where('deliveries.state', 'in', ['queued', 'sending']),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('alert_targets')
            .select('alert_targets.alert_id')
            .whereRef('alert_targets.alert_id', '=', 'alerts.id')
            .where('alert_targets.outcome', '=', 'pending'),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How long after acceptance a result is first polled, and when polling gives up. */
const pollAfterMs = 2 * 60_000;
const pollUntilMs = 3 * 86_400_000;

/**
 * Asks providers for the results of accepted deliveries the webhook has not settled, oldest
 * poll first, at most `limit` per call. A row still pending is touched, so the next call asks
 * about others. Returns how many rows changed state.
 */
export async function pollProviderResults(ctx: AppContext, limit = 200): Promise<number> {
  const senders = sendersFor(ctx);
  const channels = [...senders.values()].filter((sender) => sender.lookup).map((s) => s.channel);
  if (channels.length === 0) return 0;

  const now = ctx.clock.real().getTime();
  const rows = await ctx.db
    .selectFrom('deliveries')
    .select(['id', 'channel'])
    .where('state', '=', 'accepted')
    .where('channel', 'in', channels)
    .where('accepted_at', '<', new Date(now - pollAfterMs).toISOString())
    .where('accepted_at', '>', new Date(now - pollUntilMs).toISOString())
    .orderBy('updated_at')
    .limit(limit)
    .execute();

  let changed = 0;
  for (const row of rows) {
    const found = await senders.get(row.channel as ChannelName)!.lookup!(row.id);
    if ('found' in found && found.found && found.state !== 'pending') {
      const result = { groupingKey: row.id, state: found.state, resultCode: found.resultCode };
      if (await applyProviderResult(ctx, result)) changed += 1;
      continue;
    }
    const at = ctx.clock.real().toISOString();
    await ctx.db
      .updateTable('deliveries')
      .set({ updated_at: at })
      .where('id', '=', row.id)
      .execute();
  }
  return changed;
}
