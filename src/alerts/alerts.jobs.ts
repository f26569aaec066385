import type { AppContext } from '../context.js';
import type { Job } from '../work/job.js';
import { createDispatcher, type Dispatcher } from './dispatcher.js';
import { pruneRateSlots } from './rate-limit.js';
import { recoverStaleDeliveries } from './recovery.js';
import { sendDueReminders } from './reminders.js';
import { completeFinishedAlerts, pollProviderResults } from './results.js';
import { queuePendingTargets } from './queue.js';

const dispatchers = new WeakMap<AppContext, Dispatcher>();

/** The dispatcher of this worker process; its id marks the leases the process holds. */
export function dispatcherFor(ctx: AppContext): Dispatcher {
  let dispatcher = dispatchers.get(ctx);
  if (!dispatcher) {
    dispatcher = createDispatcher(ctx);
    dispatchers.set(ctx, dispatcher);
  }
  return dispatcher;
}

/**
 * Queues targets an interrupted approval left pending, sends every due delivery, then marks
 * finished alerts as sent. With `--once` it drains what is due now and returns.
 */
export const dispatchJob: Job = {
  name: 'alerts-dispatch',
  intervalMs: 250,
  async run(ctx, options) {
    const sending = await ctx.db
      .selectFrom('alerts')
      .select('id')
      .where('status', '=', 'sending')
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('alert_targets')
            .select('alert_targets.alert_id')
            .whereRef('alert_targets.alert_id', '=', 'alerts.id')
            .where('alert_targets.outcome', '=', 'pending'),
        ),
      )
      .execute();
    for (const alert of sending) await queuePendingTargets(ctx, alert.id);

    const started = Date.now();
    const settled = await dispatcherFor(ctx).drain({ signal: options.signal });
    const completed = await completeFinishedAlerts(ctx);
    if (settled > 0 || completed > 0) {
      const ms = Date.now() - started;
      ctx.log.info({ component: 'dispatch', settled, completed, ms }, 'dispatch pass done');
    }
  },
};

/** Checks deliveries whose worker lost its lease with the provider before any resend. */
export const recoveryJob: Job = {
  name: 'alerts-recover',
  intervalMs: 5_000,
  async run(ctx) {
    await recoverStaleDeliveries(ctx, dispatcherFor(ctx).workerId);
    await pruneRateSlots(ctx.db);
  },
};

/** Sends one check-in reminder per alert after the configured silence. */
export const reminderJob: Job = {
  name: 'alerts-reminders',
  intervalMs: 60_000,
  async run(ctx) {
    const sent = await sendDueReminders(ctx);
    if (sent > 0)
      ctx.log.info({ component: 'alerts', reminders: sent }, 'check-in reminders queued');
  },
};

/** Polls delivery results the provider webhook has not reported, when it is not set up. */
export const resultPollJob: Job = {
  name: 'alerts-result-poll',
  intervalMs: 60_000,
  async run(ctx) {
    const changed = await pollProviderResults(ctx);
    if (changed > 0) ctx.log.info({ component: 'dispatch', changed }, 'polled delivery results');
  },
};

export const alertJobs: Job[] = [recoveryJob, dispatchJob, reminderJob, resultPollJob];
