import type { DeliveryState } from '../channels/index.js';
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
