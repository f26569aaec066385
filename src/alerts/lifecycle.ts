import type { Insertable } from 'kysely';
import { recordAudit, type Actor } from '../audit/index.js';
import type { AppContext } from '../context.js';
import type { HazardEvent } from '../hazards/index.js';
import { newId } from '../ids.js';
import type { AlertTable, AlertTargetTable, HoldReason } from './alerts.tables.js';
import {
  alertedTravelers,
  draftsOfEvent,
  findAlertForVersion,
  insertAlert,
  insertTargets,
  sentAlertsOfEvent,
  targetsWithOutcome,
  updateAlertIf,
  type AlertRow,
} from './alerts.repo.js';
import { areaGrew } from './area.js';
import { newLinkCode } from './check-in-link.js';
import { failQueuedDeliveries } from './deliveries.repo.js';
import { queuePendingTargets } from './queue.js';
import { effectiveSeverity, sendsAtOnce, severityRank } from './severity.js';
import { targetEventVersion, validityOf, type TargetMatch } from './targeting.js';
import { templateFor, templateKindFor } from './templates.js';

/** A newly stored event version, as the hazards domain passes it to its hooks. */
export interface NewVersion {
  /** Id of the version. */
  id: string;
  eventId: string;
  event: HazardEvent;
}

const worker: Actor = { kind: 'system', id: 'worker' };

/**
 * Decides what a new event version means for travelers. Only `actual` versions that are still
 * valid at the scenario clock alert anyone. A cancel sends an all-clear to those already
 * alerted. Otherwise targets are matched and the alert goes out at once when its severity
 * reaches ABROAD_ALERT_AUTO_SEVERITY, or waits as a draft. An area made only of region codes
 * that could not be resolved always waits, with no targets, until an officer sets an area.
 * Handling a version twice changes nothing.
 */
export async function handleNewVersion(
  ctx: AppContext,
  version: NewVersion,
): Promise<AlertRow | undefined> {
  const { event } = version;
  const log = ctx.log.child({ component: 'alerts', eventId: version.eventId });
  if (event.status.toLowerCase() !== 'actual') return undefined;
  if (await findAlertForVersion(ctx.db, version.id, kindFor(event))) return undefined;

  if (event.msgType.toLowerCase() === 'cancel') return sendAllClear(ctx, version);
  // A version without an expiry is valid for ABROAD_EVENT_DEFAULT_HOURS after it starts.
  const validUntil = validityOf(event, ctx.config.eventDefaultHours).to;
  if (validUntil <= ctx.clock.scenario().getTime()) {
    const until = new Date(validUntil).toISOString();
    log.info({ versionId: version.id, validUntil: until }, 'version already expired; no alert');
    return undefined;
  }
  if (event.areaKind === 'unresolved') return createUnresolvedDraft(ctx, version);

  const matches = onePerTraveler(await targetEventVersion(ctx, event));
  if (matches.length === 0) {
    log.info({ versionId: version.id }, 'no registered stay in the area');
    return undefined;
  }
  return createAlert(ctx, version, matches);
}

function kindFor(event: HazardEvent): AlertTable['kind'] {
  return event.msgType.toLowerCase() === 'cancel' ? 'all-clear' : 'alert';
}

async function createAlert(ctx: AppContext, version: NewVersion, matches: TargetMatch[]) {
  const severity = effectiveSeverity(version.event, ctx.config.quakeSeverity);
  const earlier = await sentAlertsOfEvent(ctx.db, version.eventId);
  const reach = updateReach(earlier, version.event, severity);
  const alerted =
    reach === 'new-only'
      ? await alertedTravelers(
          ctx.db,
          earlier.map((row) => row.id),
        )
      : new Set();

  const threshold = ctx.config.alertAutoSeverity;
  const atOnce = sendsAtOnce(severity, threshold);
  const hold: HoldReason | null = atOnce
    ? null
    : threshold === 'off'
      ? 'auto-send-off'
      : 'below-threshold';
  const row = alertRow(ctx, version, {
    severity,
    reach,
    status: atOnce ? 'sending' : 'draft',
    hold,
  });
  const targets = matches.map((match) =>
    targetRow(row.id, match, alerted.has(match.travelerId) ? 'skipped' : 'pending'),
  );
  await storeAlert(ctx, row, targets);
  if (atOnce) await queuePendingTargets(ctx, row.id);
  return { ...row, area_unresolved: row.area_unresolved ?? 0 } as AlertRow;
}

/**
 * Decides whom an update reaches. An update reaches everyone it targets when its severity rose or its area grew; otherwise
 * only travelers not alerted yet for the event.
 */
function updateReach(earlier: AlertRow[], event: HazardEvent, severity: string) {
  const latest = earlier[0];
  if (!latest) return 'all' as const;
  const before = JSON.parse(latest.event) as HazardEvent;
  const rose = severityRank(severity) > severityRank(latest.severity);
  return rose || areaGrew(before, event) ? ('all' as const) : ('new-only' as const);
}

async function createUnresolvedDraft(ctx: AppContext, version: NewVersion) {
  const severity = effectiveSeverity(version.event, ctx.config.quakeSeverity);
  const row = alertRow(ctx, version, {
    severity,
    reach: 'all',
    status: 'draft',
    hold: 'area-unresolved',
  });
  row.area_unresolved = 1;
  await storeAlert(ctx, row, []);
  return row as AlertRow;
}

/** Sends an all-clear to every traveler the event's alerts reached, and stops queued ones. */
async function sendAllClear(ctx: AppContext, version: NewVersion) {
  const earlier = await sentAlertsOfEvent(ctx.db, version.eventId);
  if (earlier.length === 0) return undefined;

  const now = ctx.clock.real().toISOString();
  for (const alert of earlier) await failQueuedDeliveries(ctx.db, alert.id, 'event cancelled', now);
  const reached = await targetsWithOutcome(
    ctx.db,
    earlier.map((alert) => alert.id),
    ['accepted', 'delivered'],
  );
  const latest = JSON.parse(earlier[0].event) as HazardEvent;
  const row = alertRow(
    ctx,
    { ...version, event: { ...latest, ...pickCancelFields(version.event) } },
    { severity: earlier[0].severity, reach: 'all', status: 'sending', hold: null },
  );
  row.kind = 'all-clear';
  row.parent_alert_id = earlier[0].id;
  row.template_code = templateFor('all-clear').code;
  row.sms_text = templateFor('all-clear').sms;

  const seen = new Set<string>();
  const targets = reached
    .filter((target) => !seen.has(target.traveler_id) && seen.add(target.traveler_id))
    .map((target) => ({ ...target, alert_id: row.id, outcome: 'pending' as const }))
    .map((target) => ({ ...target, link_code: newLinkCode(), reminded_at: null }));
  await storeAlert(ctx, row, targets);
  await queuePendingTargets(ctx, row.id);
  return row as AlertRow;
}

function pickCancelFields(event: HazardEvent): Partial<HazardEvent> {
  return { msgType: event.msgType, sent: event.sent, status: event.status };
}

interface AlertDecision {
  severity: string;
  reach: AlertTable['reach'];
  status: AlertTable['status'];
  hold: HoldReason | null;
}

function alertRow(ctx: AppContext, version: NewVersion, decision: AlertDecision) {
  const { event } = version;
  const template = templateFor(templateKindFor(event.hazardType, event.event));
  const now = ctx.clock.real().toISOString();
  const row: Insertable<AlertTable> = {
    id: newId(),
    kind: 'alert',
    parent_alert_id: null,
    event_id: version.eventId,
    version_id: version.id,
    source_id: event.sourceId,
    hazard_type: event.hazardType,
    severity: decision.severity,
    status: decision.status,
    hold_reason: decision.hold,
    reach: decision.reach,
    area_unresolved: 0,
    countries: JSON.stringify(event.countries),
    area_override: null,
    event: JSON.stringify(event),
    template_code: template.code,
    variable_overrides: '{}',
    sms_text: template.sms,
    created_at: now,
    decided_at: decision.status === 'sending' ? now : null,
    decided_by: decision.status === 'sending' ? 'system:auto-severity' : null,
    send_started_at: decision.status === 'sending' ? now : null,
    send_started_scenario_at:
      decision.status === 'sending' ? ctx.clock.scenario().toISOString() : null,
  };
  return row;
}

/**
 * Keeps the first match of each traveler: targeting matches stays, and a traveler with two
 * stays in the area must still get one message.
 */
export function onePerTraveler(matches: TargetMatch[]): TargetMatch[] {
  const seen = new Set<string>();
  return matches.filter((match) => !seen.has(match.travelerId) && seen.add(match.travelerId));
}

export function targetRow(
  alertId: string,
  match: TargetMatch,
  outcome: AlertTargetTable['outcome'],
): Insertable<AlertTargetTable> {
  return {
    alert_id: alertId,
    traveler_id: match.travelerId,
    stay_id: match.stayId,
    place_name: match.placeName,
    country: match.country,
    time_zone: match.timeZone,
    mission_code: match.missionCode ?? null,
    reason: JSON.stringify(match.reason),
    outcome,
    link_code: newLinkCode(),
    reminded_at: null,
  };
}

/**
 * Stores the alert with its targets, supersedes older drafts of the same event, and audits the
 * decision, all in one transaction.
 */
async function storeAlert(
  ctx: AppContext,
  row: Insertable<AlertTable>,
  targets: Insertable<AlertTargetTable>[],
) {
  const now = ctx.clock.real().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    for (const draft of await draftsOfEvent(trx, row.event_id)) {
      await updateAlertIf(trx, draft.id, ['draft'], {
        status: 'rejected',
        decided_at: now,
        decided_by: 'system:superseded',
      });
    }
    await insertAlert(trx, row);
    await insertTargets(trx, targets);
    await recordAudit(trx, {
      actor: worker,
      action: row.status === 'draft' ? 'alert.drafted' : 'alert.sent-automatically',
      entityType: 'alert',
      entityId: row.id,
      details: {
        kind: row.kind,
        versionId: row.version_id,
        severity: row.severity,
        holdReason: row.hold_reason,
        targets: targets.length,
      },
    });
  });
  ctx.log.info(
    { component: 'alerts', alertId: row.id, status: row.status, targets: targets.length },
    'alert created',
  );
}
