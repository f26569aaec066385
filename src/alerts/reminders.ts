import { recordAudit } from '../audit/index.js';
import type { AppContext } from '../context.js';
import { newId } from '../ids.js';
import { insertAlert, insertTargets, type AlertRow } from './alerts.repo.js';
import { newLinkCode } from './check-in-link.js';
import { queuePendingTargets } from './queue.js';
import { validityOf, type TargetableEvent } from './targeting.js';
import { templateFor } from './templates.js';

/**
 * Sends one check-in reminder per alert to the travelers it reached who have not answered once
 * ABROAD_CHECKIN_REMINDER_MINUTES of silence have passed. Silence is judged on the scenario
 * clock, from the scenario instant at which sending started: with ABROAD_NOW pinned the
 * silence never grows, so replaying an archive sends no reminders. Alerts whose event is no
 * longer valid get none.
 */
export async function sendDueReminders(ctx: AppContext): Promise<number> {
  const candidates = await ctx.db
    .selectFrom('alerts')
    .selectAll()
    .where('kind', '=', 'alert')
    .where('status', 'in', ['sending', 'sent'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('alerts as reminder')
            .select('reminder.id')
            .whereRef('reminder.parent_alert_id', '=', 'alerts.id')
            .where('reminder.kind', '=', 'reminder'),
        ),
      ),
    )
    .execute();

  const now = ctx.clock.scenario().getTime();
  const silenceMs = ctx.config.checkInReminderMinutes * 60_000;
  let sent = 0;
  for (const alert of candidates) {
    const started = Date.parse(alert.send_started_scenario_at ?? alert.created_at);
    if (now - started < silenceMs) continue;
    // Once the event is over, a reminder would ask about a danger that has passed.
    const event = JSON.parse(alert.event) as TargetableEvent;
    if (validityOf(event, ctx.config.eventDefaultHours).to <= now) continue;
    sent += await remind(ctx, alert);
  }
  return sent;
}

async function remind(ctx: AppContext, alert: AlertRow): Promise<number> {
  const silent = await ctx.db
    .selectFrom('alert_targets')
    .selectAll()
    .where('alert_id', '=', alert.id)
    .where('outcome', 'in', ['accepted', 'delivered'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('check_ins')
            .select('check_ins.traveler_id')
            .whereRef('check_ins.alert_id', '=', 'alert_targets.alert_id')
            .whereRef('check_ins.traveler_id', '=', 'alert_targets.traveler_id'),
        ),
      ),
    )
    .execute();

  const at = ctx.clock.real().toISOString();
  const template = templateFor('reminder');
  const reminder = {
    ...alert,
    id: newId(),
    kind: 'reminder' as const,
    parent_alert_id: alert.id,
    status: 'sending' as const,
    hold_reason: null,
    template_code: template.code,
    sms_text: template.sms,
    created_at: at,
    decided_at: at,
    decided_by: 'system:check-in-silence',
    send_started_at: at,
    send_started_scenario_at: ctx.clock.scenario().toISOString(),
    halted_at: null,
    completed_at: null,
  };
  const targets = silent.map((target) => ({
    ...target,
    alert_id: reminder.id,
    outcome: 'pending' as const,
    link_code: newLinkCode(),
    reminded_at: null,
  }));

  await ctx.db.transaction().execute(async (trx) => {
    await insertAlert(trx, reminder);
    await insertTargets(trx, targets);
    await recordAudit(trx, {
      actor: { kind: 'system', id: 'worker' },
      action: 'alert.reminder-sent',
      entityType: 'alert',
      entityId: alert.id,
      details: { reminderId: reminder.id, silent: targets.length },
    });
  });
  await queuePendingTargets(ctx, reminder.id);
  return targets.length;
}
