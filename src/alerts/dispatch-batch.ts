import type { ChannelMessage, KakaoUserKey } from '../channels/index.js';
import type { AppContext } from '../context.js';
import type { HazardEvent } from '../hazards/index.js';
import { consularCallCenterPhone, emergencyPhoneOf, missionByCode } from '../missions/index.js';
import { getContacts } from '../travelers/index.js';
import type { AlertRow, AlertTargetRow } from './alerts.repo.js';
import {
  checkMessage,
  fitPhone,
  fitVariable,
  formatLocalTime,
  renderMessage,
} from './alert-message.js';
import { areaLabel } from './area.js';
import { linkKey, linkUrl } from './check-in-link.js';
import type { DeliveryRow } from './deliveries.repo.js';
import { templateByCode, templateFor, type TemplateValues } from './templates.js';

export type Contact = Awaited<ReturnType<typeof getContacts>>[number];

/** Everything needed to turn a batch of claimed deliveries into messages. */
export interface BatchData {
  alerts: Map<string, AlertRow>;
  /** Event and overrides of each alert, parsed once per batch. */
  parsed: Map<string, { event: HazardEvent; overrides: Partial<TemplateValues> }>;
  targets: Map<string, AlertTargetRow>;
  contacts: Map<string, Contact>;
  key: Buffer;
}

const targetKey = (alertId: string, travelerId: string) => `${alertId}/${travelerId}`;

export async function loadBatch(ctx: AppContext, rows: DeliveryRow[]): Promise<BatchData> {
  const alertIds = [...new Set(rows.map((row) => row.alert_id))];
  const travelerIds = [...new Set(rows.map((row) => row.traveler_id))];
  const alerts = await ctx.db
    .selectFrom('alerts')
    .selectAll()
    .where('id', 'in', alertIds)
    .execute();
  const targets = await ctx.db
    .selectFrom('alert_targets')
    .selectAll()
    .where('alert_id', 'in', alertIds)
    .where('traveler_id', 'in', travelerIds)
    .execute();
  const contacts = await getContacts(ctx, travelerIds);
  return {
    alerts: new Map(alerts.map((alert) => [alert.id, alert])),
    parsed: new Map(),
    targets: new Map(
      targets.map((target) => [targetKey(target.alert_id, target.traveler_id), target]),
    ),
    contacts: new Map(contacts.map((contact) => [contact.travelerId, contact])),
    key: await linkKey(ctx.db),
  };
}

export function targetOf(batch: BatchData, row: DeliveryRow): AlertTargetRow | undefined {
  return batch.targets.get(targetKey(row.alert_id, row.traveler_id));
}

export type BuiltMessage = { message: ChannelMessage } | { problem: string };

/** Builds the message of one delivery, or names why it cannot be sent on its channel. */
export async function buildMessage(
  ctx: AppContext,
  batch: BatchData,
  row: DeliveryRow,
): Promise<BuiltMessage> {
  const alert = batch.alerts.get(row.alert_id);
  const target = targetOf(batch, row);
  const contact = batch.contacts.get(row.traveler_id);
  if (!alert || !target || !contact) return { problem: 'alert, target or contact data is gone' };

  const template = templateByCode(alert.template_code) ?? templateFor('general');
  const values = await templateValues(ctx, batch, alert, target);
  const international = Boolean(contact.phone && !contact.phone.startsWith('+82'));
  // The SMS text also travels with AlimTalk messages, for the provider's own fallback text.
  const forSms = row.channel === 'sms';
  const rendered = renderMessage(template, values, alert.id, alert.sms_text, {
    international,
    forSms,
  });
  const problems = checkMessage(rendered, row.channel === 'sms' ? international : undefined);
  if (problems.length > 0) return { problem: problems.join('; ') };

  const kakaoUser: KakaoUserKey | undefined = contact.kakaoUserKey
    ? { type: 'botUserKey', id: contact.kakaoUserKey }
    : undefined;
  return {
    message: {
      deliveryId: row.id,
      alertId: alert.id,
      travelerRef: contact.ref ?? row.traveler_id,
      phone: contact.phone ?? undefined,
      kakaoUser,
      ...rendered,
    },
  };
}

function parsedAlert(batch: BatchData, alert: AlertRow) {
  let parsed = batch.parsed.get(alert.id);
  if (!parsed) {
    parsed = {
      event: JSON.parse(alert.event) as HazardEvent,
      overrides: JSON.parse(alert.variable_overrides) as Partial<TemplateValues>,
    };
    batch.parsed.set(alert.id, parsed);
  }
  return parsed;
}

/**
 * Picks the `area` variable: the feed's area name when it fits the 14-character limit, else its part
 * before the first comma ("Noto Peninsula, Japan"), else the traveler's place name.
 */
function areaVariable(label: string | undefined, placeName: string): string {
  const fits = (text: string | undefined) => Boolean(text) && [...text!.trim()].length <= 14;
  if (fits(label)) return label!.trim();
  const head = label?.split(',')[0];
  if (fits(head)) return head!.trim();
  return fitVariable(placeName || label || '');
}

async function templateValues(
  ctx: AppContext,
  batch: BatchData,
  alert: AlertRow,
  target: AlertTargetRow,
): Promise<TemplateValues> {
  const { event, overrides } = parsedAlert(batch, alert);
  const area = areaVariable(areaLabel(event), target.place_name);
  const instant =
    alert.kind === 'all-clear' ? event.sent : (event.onset ?? event.effective ?? event.sent);
  const mission = target.mission_code ? missionByCode(target.mission_code) : undefined;
  return {
    area: overrides.area ?? area,
    localTime: overrides.localTime ?? formatLocalTime(instant, target.time_zone),
    emergencyPhone:
      overrides.emergencyPhone ??
      fitPhone(mission ? emergencyPhoneOf(mission) : consularCallCenterPhone),
    link: linkUrl(ctx.config.publicUrl, batch.key, {
      alertId: target.alert_id,
      travelerId: target.traveler_id,
      linkCode: target.link_code,
    }),
  };
}
