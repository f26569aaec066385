import { recordAudit, type Actor } from '../audit/index.js';
import type { AppContext } from '../context.js';
import type { HazardEvent } from '../hazards/index.js';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../server/errors.js';
import { measureEucKr } from '../channels/index.js';
import { findAlert, insertTargets, updateAlertIf, type AlertRow } from './alerts.repo.js';
import type { AlertTable } from './alerts.tables.js';
import { maxVariableChars } from './alert-message.js';
import { failQueuedDeliveries } from './deliveries.repo.js';
import { onePerTraveler, targetRow } from './lifecycle.js';
import { queuePendingTargets } from './queue.js';
import { targetEventVersion } from './targeting.js';

type Areas = HazardEvent['areas'];

const editableVariables = ['area', 'localTime', 'emergencyPhone'];

async function requireAlert(ctx: AppContext, id: string): Promise<AlertRow> {
  const alert = await findAlert(ctx.db, id);
  if (!alert) throw new NotFoundError('alert', id);
  return alert;
}

function requireStatus(alert: AlertRow, expected: AlertTable['status'], action: string) {
  if (alert.status !== expected) {
    throw new ConflictError(
      'alert-status',
      `cannot ${action} alert ${alert.id}: it is ${alert.status}, expected ${expected}`,
    );
  }
}

/**
 * Approves a draft: its targets are matched (for an unresolved area, against the area the
 * officer set) and its deliveries queued. An unresolved draft without an area is refused, so
 * a region code that could not be resolved never turns into a country-wide send.
 */
export async function approveAlert(ctx: AppContext, id: string, actor: Actor) {
  const alert = await requireAlert(ctx, id);
  requireStatus(alert, 'draft', 'approve');
  if (alert.area_unresolved && !alert.area_override) {
    throw new ConflictError(
      'area-required',
      `alert ${id} has an unresolved area (countries ${alert.countries}); set an area with PUT /api/v1/alerts/${id}/area before approving`,
    );
  }

  // Matched before the transaction: on SQLite a query outside it would wait for it forever.
  const targets = alert.area_unresolved ? await targetsOfOverrideArea(ctx, alert) : [];
  const now = ctx.clock.real().toISOString();
  const changed = await ctx.db.transaction().execute(async (trx) => {
    const moved = await updateAlertIf(trx, id, ['draft'], {
      status: 'sending',
      decided_at: now,
      decided_by: actorLabel(actor),
      send_started_at: now,
      send_started_scenario_at: ctx.clock.scenario().toISOString(),
    });
    if (!moved) return false;
    await insertTargets(trx, targets);
    await recordAudit(trx, { actor, action: 'alert.approved', entityType: 'alert', entityId: id });
    return true;
  });
  if (!changed) throw new ConflictError('alert-status', `alert ${id} was decided meanwhile`);
  await queuePendingTargets(ctx, id);
  return requireAlert(ctx, id);
}

async function targetsOfOverrideArea(ctx: AppContext, alert: AlertRow) {
  const event = JSON.parse(alert.event) as HazardEvent;
  const areas = JSON.parse(alert.area_override!) as Areas;
  const resolved: HazardEvent = { ...event, areas, areaKind: 'shapes' };
  const matches = onePerTraveler(await targetEventVersion(ctx, resolved));
  return matches.map((match) => targetRow(alert.id, match, 'pending'));
}

export async function rejectAlert(ctx: AppContext, id: string, actor: Actor, note?: string) {
  const alert = await requireAlert(ctx, id);
  requireStatus(alert, 'draft', 'reject');
  const now = ctx.clock.real().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const moved = await updateAlertIf(trx, id, ['draft'], {
      status: 'rejected',
      decided_at: now,
      decided_by: actorLabel(actor),
    });
    if (!moved) throw new ConflictError('alert-status', `alert ${id} was decided meanwhile`);
    const details = note ? { note } : undefined;
    await recordAudit(trx, {
      actor,
      action: 'alert.rejected',
      entityType: 'alert',
      entityId: id,
      details,
    });
  });
  return requireAlert(ctx, id);
}

/**
 * Stops a send: every delivery still queued ends as failed and its target as halted, in one
 * transaction. A worker checks the status again before each send, so nothing queued goes out
 * after this returns; a message already handed to a provider cannot be called back.
 */
export async function haltAlert(ctx: AppContext, id: string, actor: Actor) {
  const alert = await requireAlert(ctx, id);
  requireStatus(alert, 'sending', 'halt');
  const now = ctx.clock.real().toISOString();
  const stopped = await ctx.db.transaction().execute(async (trx) => {
    const moved = await updateAlertIf(trx, id, ['sending'], { status: 'halted', halted_at: now });
    if (!moved) throw new ConflictError('alert-status', `alert ${id} is no longer sending`);
    const count = await failQueuedDeliveries(trx, id, 'halted by an alert officer', now);
    await trx
      .updateTable('alert_targets')
      .set({ outcome: 'halted' })
      .where('alert_id', '=', id)
      .where('outcome', 'in', ['pending', 'queued'])
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('deliveries')
              .select('deliveries.id')
              .whereRef('deliveries.alert_id', '=', 'alert_targets.alert_id')
              .whereRef('deliveries.traveler_id', '=', 'alert_targets.traveler_id')
              .where('deliveries.state', 'in', ['sending', 'accepted', 'delivered']),
          ),
        ),
      )
      .execute();
    await recordAudit(trx, {
      actor,
      action: 'alert.halted',
      entityType: 'alert',
      entityId: id,
      details: { stoppedDeliveries: count },
    });
    return count;
  });
  return { alert: await requireAlert(ctx, id), stoppedDeliveries: stopped };
}

export interface DraftEdit {
  variables?: Record<string, string>;
  smsText?: string;
}

/** Changes variable values or the SMS text of a draft; every problem is reported at once. */
export async function editDraft(ctx: AppContext, id: string, edit: DraftEdit, actor: Actor) {
  const alert = await requireAlert(ctx, id);
  requireStatus(alert, 'draft', 'edit');
  const problems = [...checkVariables(edit.variables ?? {}), ...checkSmsText(edit.smsText)];
  if (problems.length > 0) throw new ValidationError(problems);

  const overrides = { ...JSON.parse(alert.variable_overrides), ...(edit.variables ?? {}) };
  await ctx.db.transaction().execute(async (trx) => {
    const moved = await updateAlertIf(trx, id, ['draft'], {
      variable_overrides: JSON.stringify(overrides),
      sms_text: edit.smsText ?? alert.sms_text,
    });
    if (!moved) throw new ConflictError('alert-status', `alert ${id} was decided meanwhile`);
    await recordAudit(trx, {
      actor,
      action: 'alert.edited',
      entityType: 'alert',
      entityId: id,
      details: { variables: edit.variables ?? {}, smsTextChanged: edit.smsText !== undefined },
    });
  });
  return requireAlert(ctx, id);
}

function checkVariables(variables: Record<string, string>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [name, value] of Object.entries(variables)) {
    const field = `body.variables.${name}`;
    if (!editableVariables.includes(name)) {
      problems.push({ field, value, message: `expected one of ${editableVariables.join(', ')}` });
    } else if (
      typeof value !== 'string' ||
      value.trim() === '' ||
      [...value].length > maxVariableChars
    ) {
      const message = `expected 1 to ${maxVariableChars} characters, as Kakao rejects longer variables`;
      problems.push({ field, value, message });
    }
  }
  return problems;
}

/** Checks the SMS text at its longest: every variable at its limit and a full-length link. */
function checkSmsText(text: string | undefined): FieldProblem[] {
  if (text === undefined) return [];
  const longest = text
    .replace(/#\{link\}/g, 'x'.repeat(120))
    .replace(/#\{\w+\}/g, '가'.repeat(maxVariableChars));
  const { bytes, unencodable } = measureEucKr(longest);
  const field = 'body.smsText';
  if (unencodable.length > 0) {
    const message = `EUC-KR cannot encode ${[...new Set(unencodable)].join(' ')}; remove emoji and other scripts`;
    return [{ field, value: text, message }];
  }
  if (bytes > 2000) {
    const message = `expected at most 2000 EUC-KR bytes with variables filled in, got ${bytes}`;
    return [{ field, value: text, message }];
  }
  return [];
}

/** Sets the area of a draft whose region codes could not be resolved to shapes. */
export async function setDraftArea(ctx: AppContext, id: string, areas: Areas, actor: Actor) {
  const alert = await requireAlert(ctx, id);
  requireStatus(alert, 'draft', 'set the area of');
  await ctx.db.transaction().execute(async (trx) => {
    const moved = await updateAlertIf(trx, id, ['draft'], { area_override: JSON.stringify(areas) });
    if (!moved) throw new ConflictError('alert-status', `alert ${id} was decided meanwhile`);
    await recordAudit(trx, {
      actor,
      action: 'alert.area-set',
      entityType: 'alert',
      entityId: id,
      details: { areas: areas.length },
    });
  });
  return requireAlert(ctx, id);
}

function actorLabel(actor: Actor): string {
  return `${actor.kind}:${actor.id}`;
}
