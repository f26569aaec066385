import { recordAudit } from '../audit/index.js';
import { openCase } from '../cases/index.js';
import type { AppContext } from '../context.js';
import { NotFoundError } from '../server/errors.js';
import type { CheckInAnswer, CheckInVia } from './alerts.tables.js';

export interface CheckInInput {
  alertId: string;
  travelerId: string;
  answer: CheckInAnswer;
  via: CheckInVia;
}

export interface CheckInResult {
  /** The alert the answer is stored under: a reminder's answers belong to its alert. */
  alertId: string;
  answer: CheckInAnswer;
  /** The case opened for "need help", now or by an earlier answer. */
  caseId: string | null;
  changed: boolean;
}

/**
 * Stores a traveler's answer to an alert's check-in question; the latest answer wins. The
 * first "need help" opens a high-priority case in the same transaction; a later "safe" keeps
 * the case for staff to close. Only a traveler the alert targeted can answer.
 */
export async function recordCheckIn(ctx: AppContext, input: CheckInInput): Promise<CheckInResult> {
  const alertId = await questionAlertId(ctx, input.alertId);
  const target = await ctx.db
    .selectFrom('alert_targets')
    .select(['mission_code', 'place_name'])
    .where('alert_id', '=', alertId)
    .where('traveler_id', '=', input.travelerId)
    .executeTakeFirst();
  if (!target) throw new NotFoundError('alert target', `${alertId}/${input.travelerId}`);

  const at = ctx.clock.real().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const earlier = await trx
      .selectFrom('check_ins')
      .selectAll()
      .where('alert_id', '=', alertId)
      .where('traveler_id', '=', input.travelerId)
      .executeTakeFirst();
    let caseId = earlier?.case_id ?? null;
    if (input.answer === 'need-help' && !caseId) {
      const opened = await openCase(
        trx,
        {
          kind: 'check-in-help',
          priority: 'high',
          travelerId: input.travelerId,
          missionCode: target.mission_code,
          alertId,
          summary: `안전 알림에 "도움이 필요합니다"로 응답 (${target.place_name})`,
          details: { via: input.via },
        },
        { kind: 'traveler', id: input.travelerId },
      );
      caseId = opened.id;
    }

    const row = { answer: input.answer, via: input.via, answered_at: at, case_id: caseId };
    if (earlier) {
      await trx
        .updateTable('check_ins')
        .set(row)
        .where('alert_id', '=', alertId)
        .where('traveler_id', '=', input.travelerId)
        .execute();
    } else {
      await trx
        .insertInto('check_ins')
        .values({ alert_id: alertId, traveler_id: input.travelerId, ...row })
        .execute();
    }
    const changed = earlier?.answer !== input.answer;
    await recordAudit(trx, {
      actor: { kind: 'traveler', id: input.travelerId },
      action: 'check-in.answered',
      entityType: 'alert',
      entityId: alertId,
      details: { answer: input.answer, via: input.via, caseId },
    });
    return { alertId, answer: input.answer, caseId, changed };
  });
}

/** Reminders ask the question of their alert again; answers go to that alert. */
async function questionAlertId(ctx: AppContext, alertId: string): Promise<string> {
  const alert = await ctx.db
    .selectFrom('alerts')
    .select(['id', 'kind', 'parent_alert_id'])
    .where('id', '=', alertId)
    .executeTakeFirst();
  if (!alert) throw new NotFoundError('alert', alertId);
  return alert.kind === 'reminder' && alert.parent_alert_id ? alert.parent_alert_id : alert.id;
}

/**
 * Returns the id of the alert most recently sent to a traveler, or null. Chat uses it for a
 * check-in reply typed without a button, which names no alert.
 */
export async function latestAlertOfTraveler(
  ctx: AppContext,
  travelerId: string,
): Promise<string | null> {
  const row = await ctx.db
    .selectFrom('alert_targets')
    .innerJoin('alerts', 'alerts.id', 'alert_targets.alert_id')
    .select('alerts.id')
    .where('alert_targets.traveler_id', '=', travelerId)
    .where('alerts.kind', '=', 'alert')
    .where('alerts.status', 'in', ['sending', 'sent'])
    .orderBy('alerts.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}
