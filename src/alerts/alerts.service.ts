import type { AppContext } from '../context.js';
import { NotFoundError } from '../server/errors.js';
import {
  countCheckIns,
  countTargetsByOutcome,
  findAlert,
  listAlertRows,
  type AlertRow,
} from './alerts.repo.js';
import { countDeliveriesByState } from './deliveries.repo.js';
import { renderMessage } from './alert-message.js';
import { buildMessage, loadBatch } from './dispatch-batch.js';
import { templateByCode, templateFor, type TemplateValues } from './templates.js';

export interface AlertCounts {
  targeted: number;
  skipped: number;
  queued: number;
  sent: number;
  delivered: number;
  fellBack: number;
  unreachable: number;
  failed: number;
  halted: number;
  safe: number;
  needHelp: number;
}

export interface AlertView {
  id: string;
  kind: string;
  parentAlertId: string | null;
  eventId: string;
  versionId: string;
  sourceId: string;
  hazardType: string;
  headline: string | null;
  severity: string;
  status: string;
  holdReason: string | null;
  /** Shown to officers as "area unresolved" with the countries named. */
  areaUnresolved: boolean;
  areaSet: boolean;
  countries: string[];
  reach: string;
  templateCode: string;
  variables: Record<string, string>;
  smsText: string;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  haltedAt: string | null;
  completedAt: string | null;
  counts: AlertCounts;
}

/** Lists alerts, newest first, each with its delivery and check-in counts. */
export async function listAlerts(
  ctx: AppContext,
  query: { status?: string; limit?: number; before?: string } = {},
): Promise<AlertView[]> {
  const rows = await listAlertRows(ctx.db, query);
  const counts = await countsOf(
    ctx,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toView(row, counts.get(row.id) ?? emptyCounts()));
}

export async function getAlert(ctx: AppContext, id: string): Promise<AlertView> {
  const row = await findAlert(ctx.db, id);
  if (!row) throw new NotFoundError('alert', id);
  const counts = await countsOf(ctx, [id]);
  return toView(row, counts.get(id) ?? emptyCounts());
}

function emptyCounts(): AlertCounts {
  return {
    targeted: 0,
    skipped: 0,
    queued: 0,
    sent: 0,
    delivered: 0,
    fellBack: 0,
    unreachable: 0,
    failed: 0,
    halted: 0,
    safe: 0,
    needHelp: 0,
  };
}

async function countsOf(ctx: AppContext, ids: string[]): Promise<Map<string, AlertCounts>> {
  const result = new Map(ids.map((id) => [id, emptyCounts()]));
  for (const row of await countTargetsByOutcome(ctx.db, ids)) {
    const counts = result.get(row.alert_id)!;
    const n = Number(row.n);
    if (row.outcome !== 'skipped') counts.targeted += n;
    if (row.outcome === 'accepted' || row.outcome === 'delivered') counts.sent += n;
    if (row.outcome === 'delivered') counts.delivered += n;
    if (row.outcome === 'pending' || row.outcome === 'queued') counts.queued += n;
    if (row.outcome === 'skipped') counts.skipped += n;
    if (row.outcome === 'unreachable') counts.unreachable += n;
    if (row.outcome === 'failed') counts.failed += n;
    if (row.outcome === 'halted') counts.halted += n;
  }
  for (const row of await countDeliveriesByState(ctx.db, ids)) {
    if (row.state === 'fell-back') result.get(row.alert_id)!.fellBack += Number(row.n);
  }
  for (const row of await countCheckIns(ctx.db, ids)) {
    const counts = result.get(row.alert_id)!;
    if (row.answer === 'safe') counts.safe += Number(row.n);
    else counts.needHelp += Number(row.n);
  }
  return result;
}

function toView(row: AlertRow, counts: AlertCounts): AlertView {
  const event = JSON.parse(row.event) as { headline?: Record<string, string> };
  const headline = event.headline?.ko ?? Object.values(event.headline ?? {})[0] ?? null;
  return {
    id: row.id,
    kind: row.kind,
    parentAlertId: row.parent_alert_id,
    eventId: row.event_id,
    versionId: row.version_id,
    sourceId: row.source_id,
    hazardType: row.hazard_type,
    headline,
    severity: row.severity,
    status: row.status,
    holdReason: row.hold_reason,
    areaUnresolved: row.area_unresolved === 1,
    areaSet: row.area_override !== null,
    countries: JSON.parse(row.countries) as string[],
    reach: row.reach,
    templateCode: row.template_code,
    variables: JSON.parse(row.variable_overrides) as Record<string, string>,
    smsText: row.sms_text,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    haltedAt: row.halted_at,
    completedAt: row.completed_at,
    counts,
  };
}

/**
 * Renders the message as the first few targets would get it, on the channel each would be
 * tried first, with every problem the provider would reject it for. Nothing is sent.
 */
export async function previewAlert(ctx: AppContext, id: string, limit = 3) {
  const alert = await findAlert(ctx.db, id);
  if (!alert) throw new NotFoundError('alert', id);
  const targets = await ctx.db
    .selectFrom('alert_targets')
    .selectAll()
    .where('alert_id', '=', id)
    .where('outcome', '!=', 'skipped')
    .limit(limit)
    .execute();

  const rows = targets.map((target) => previewRow(alert, target.traveler_id));
  const batch = await loadBatch(ctx, rows);
  const previews = [];
  for (const row of rows) {
    for (const channel of ['alimtalk', 'sms'] as const) {
      const built = await buildMessage(ctx, batch, { ...row, channel });
      if ('problem' in built) previews.push({ travelerId: row.traveler_id, channel, ...built });
      else {
        // Personal data stays out of the preview: no phone number, user key or reference.
        const { phone: _phone, kakaoUser: _user, travelerRef: _ref, ...message } = built.message;
        previews.push({ travelerId: row.traveler_id, channel, message });
      }
    }
  }
  return { alertId: id, templateCode: alert.template_code, sample: sampleOf(alert), previews };
}

/** Renders the template with placeholder values, for drafts that have no targets yet. */
function sampleOf(alert: AlertRow) {
  const template = templateByCode(alert.template_code) ?? templateFor('general');
  const overrides = JSON.parse(alert.variable_overrides) as Partial<TemplateValues>;
  const values: TemplateValues = {
    area: overrides.area ?? '(지역)',
    localTime: overrides.localTime ?? '(현지 시각)',
    emergencyPhone: overrides.emergencyPhone ?? '(공관 긴급전화)',
    link: 'https://abroad.example/c/XXXXXXXX.XXXXXXXXXXXXXXXX',
  };
  return renderMessage(template, values, alert.id, alert.sms_text, {
    international: false,
    forSms: true,
  });
}

function previewRow(alert: AlertRow, travelerId: string) {
  const now = new Date().toISOString();
  return {
    id: 'preview',
    alert_id: alert.id,
    traveler_id: travelerId,
    channel: 'alimtalk',
    channel_index: 0,
    state: 'queued' as const,
    attempts: 0,
    due_at: now,
    lease_owner: null,
    lease_until: null,
    provider_request_id: null,
    result_code: null,
    last_error: null,
    created_at: now,
    updated_at: now,
    accepted_at: null,
    final_at: null,
  };
}
