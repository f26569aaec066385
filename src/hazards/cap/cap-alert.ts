import { resolveAreas } from '../area-resolution.js';
import { FeedError } from '../feed-error.js';
import { emptyEvent, type HazardEvent } from '../hazard-event.js';
import { classifyHazard } from '../hazard-type.js';
import { isoToUtc } from '../time.js';
import { childText, children, type XmlElement } from '../xml/xml-tree.js';
import { capMsgType, capReferences, capStatus } from './cap-fields.js';
import { readCapInfo, type CapInfo } from './cap-info.js';

/**
 * Most <info> blocks read from one alert. Real alerts carry one per language and hazard, a
 * handful at most; far more is a malformed or hostile document.
 */
export const MAX_INFOS_PER_ALERT = 100;

/** The <alert> elements every CAP 1.1 and 1.2 message must have. */
const REQUIRED = ['identifier', 'sender', 'sent', 'status', 'msgType', 'scope'] as const;

/**
 * Turns one CAP <alert> into events. <info> blocks that differ only in language become one
 * event with texts per language; other blocks become separate events (parts 0, 1, ...). An
 * alert without <info>, such as a Cancel or an Ack, is one event.
 */
export function parseCapAlert(alert: XmlElement, warnings: string[]): HazardEvent[] {
  const ns = alert.uri;
  const header = readHeader(alert, ns, warnings);
  const infoElements = children(alert, 'info', ns);
  if (infoElements.length > MAX_INFOS_PER_ALERT) {
    throw new FeedError(
      'invalid-cap',
      `CAP alert ${header.sourceId} has ${infoElements.length} <info> blocks, above the limit of ${MAX_INFOS_PER_ALERT}; split it into several alerts`,
    );
  }
  const infos = infoElements.map((info) => readCapInfo(info, ns, warnings));
  if (infos.length === 0) return [header];

  return groupByLanguage(infos).map((group, part) => withInfo(header, group, part));
}

function readHeader(alert: XmlElement, ns: string, warnings: string[]): HazardEvent {
  const text = (name: string) => childText(alert, name, ns);
  const missing = REQUIRED.filter(
    (name) => !children(alert, name, ns).length || (name !== 'scope' && !text(name)),
  );
  const identifier = text('identifier') ?? '(no identifier)';
  if (missing.length > 0) {
    throw new FeedError(
      'invalid-cap',
      `CAP alert ${identifier} lacks required ${missing.map((name) => `<${name}>`).join(', ')}; CAP 1.1 and 1.2 require identifier, sender, sent, status, msgType and scope`,
    );
  }

  const sent = isoToUtc(text('sent'));
  const status = capStatus(text('status'));
  const msgType = capMsgType(text('msgType'));
  if (!sent || !status || !msgType) {
    const problems = [
      !sent && `<sent> "${text('sent')}" is not a date-time with an offset`,
      !status && `<status> "${text('status')}" is not Actual, Exercise, System, Test or Draft`,
      !msgType && `<msgType> "${text('msgType')}" is not Alert, Update, Cancel, Ack or Error`,
    ].filter(Boolean);
    throw new FeedError('invalid-cap', `CAP alert ${identifier}: ${problems.join('; ')}`);
  }

  const event = emptyEvent({ source: 'cap', sourceId: identifier, sender: text('sender')!, sent });
  event.status = status;
  event.msgType = msgType;
  event.references = capReferences(text('references'), warnings);
  event.extra = { scope: text('scope') ?? null, capVersion: ns.slice(-3) };
  return event;
}

/**
 * Groups translations: each block joins the first group with its key that lacks its language.
 * Within one key a language fills groups in order, so the groups holding it are always a
 * prefix and its next group is found by count, which keeps grouping linear.
 */
function groupByLanguage(infos: CapInfo[]): CapInfo[][] {
  const groups: CapInfo[][] = [];
  const byKey = new Map<string, { groups: CapInfo[][]; filled: Map<string, number> }>();
  for (const info of infos) {
    let keyed = byKey.get(info.groupKey);
    if (!keyed) {
      keyed = { groups: [], filled: new Map() };
      byKey.set(info.groupKey, keyed);
    }

    const index = keyed.filled.get(info.language) ?? 0;
    keyed.filled.set(info.language, index + 1);
    if (index < keyed.groups.length) {
      keyed.groups[index].push(info);
    } else {
      const group = [info];
      keyed.groups.push(group);
      groups.push(group);
    }
  }
  return groups;
}

function withInfo(header: HazardEvent, group: CapInfo[], part: number): HazardEvent {
  const [first] = group;
  const event: HazardEvent = {
    ...header,
    part,
    versionKey: versionKeyOf(header.sent, part),
    extra: { ...header.extra },
  };

  event.event = first.event;
  event.category = first.categories;
  event.hazardType = classifyHazard(first.event, first.sameCodes);
  event.severity = first.severity;
  event.urgency = first.urgency;
  event.certainty = first.certainty;
  event.onset = first.onset;
  event.effective = first.effective;
  event.expires = first.expires;
  event.web = first.web ?? null;
  event.languages = group.map((info) => info.language);
  event.headline = textsOf(group, (info) => info.headline);
  event.description = textsOf(group, (info) => info.description);
  event.instruction = textsOf(group, (info) => info.instruction);
  event.areas = first.areas;
  Object.assign(event, resolveAreas(first.areas));
  return event;
}

export function versionKeyOf(sent: string, part: number): string {
  return part === 0 ? sent : `${sent}#${part}`;
}

function textsOf(group: CapInfo[], pick: (info: CapInfo) => string | undefined) {
  const texts: Record<string, string> = {};
  for (const info of group) {
    const value = pick(info);
    if (value !== undefined) texts[info.language] = value;
  }
  return texts;
}
