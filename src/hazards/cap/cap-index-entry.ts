import { resolveAreas } from '../area-resolution.js';
import { emptyEvent, type HazardEvent } from '../hazard-event.js';
import { classifyHazard } from '../hazard-type.js';
import { isoToUtc } from '../time.js';
import { child, childText, childTexts, children, type XmlElement } from '../xml/xml-tree.js';
import {
  capCertainty,
  capMsgType,
  capReferences,
  capSeverity,
  capStatus,
  capUrgency,
  CAP_NAMESPACES,
  DEFAULT_LANGUAGE,
} from './cap-fields.js';
import { capTime, readCapArea, readPairs } from './cap-info.js';

const ATOM = 'http://www.w3.org/2005/Atom';

/** Tells whether an Atom entry or RSS item carries CAP elements of its own (an index entry). */
export function capNamespaceOf(entry: XmlElement): string | undefined {
  return entry.children.find((item) => CAP_NAMESPACES.includes(item.uri))?.uri;
}

/**
 * Reads an index entry: an Atom entry or RSS item that summarises a CAP alert with cap:
 * elements (NWS and MeteoAlarm indexes do this) instead of embedding the whole <alert>.
 * Missing alert fields come from the entry: its id, author and publication time.
 */
export function parseCapIndexEntry(
  entry: XmlElement,
  ns: string,
  feedAuthor: string | undefined,
  warnings: string[],
): HazardEvent | undefined {
  const text = (name: string) => childText(entry, name, ns);
  const sourceId = text('identifier') ?? childText(entry, 'id', ATOM) ?? childText(entry, 'guid');
  const sent =
    isoToUtc(text('sent')) ??
    isoToUtc(childText(entry, 'published', ATOM)) ??
    isoToUtc(childText(entry, 'updated', ATOM));
  if (!sourceId || !sent) {
    warnings.push(
      `feed entry "${sourceId ?? '(no id)'}" has no identifier or no sent time; skipped`,
    );
    return undefined;
  }

  const sender = text('sender') ?? authorOf(entry) ?? feedAuthor ?? '';
  const event = emptyEvent({ source: 'cap', sourceId, sender, sent });
  event.status = capStatus(text('status')) ?? 'actual';
  // MeteoAlarm writes the non-standard cap:message_type in place of cap:msgType.
  event.msgType = capMsgType(text('msgType') ?? text('message_type')) ?? 'alert';
  event.references = capReferences(text('references'), warnings);
  fillInfo(event, entry, ns, warnings);
  event.extra = { indexEntry: true, entryId: childText(entry, 'id', ATOM) ?? null };
  return event;
}

function fillInfo(event: HazardEvent, entry: XmlElement, ns: string, warnings: string[]): void {
  const text = (name: string) => childText(entry, name, ns);
  const language = text('language') ?? entry.attributes.lang ?? DEFAULT_LANGUAGE;

  event.event = text('event') ?? '';
  event.category = childTexts(entry, 'category', ns);
  const sameCodes = readPairs(children(entry, 'eventCode', ns))
    .filter((pair) => pair.name.toUpperCase() === 'SAME')
    .map((pair) => pair.value);
  event.hazardType = classifyHazard(event.event, sameCodes);
  event.severity = capSeverity(text('severity'));
  event.urgency = capUrgency(text('urgency'));
  event.certainty = capCertainty(text('certainty'));
  event.onset = capTime(text('onset'), 'onset', warnings);
  event.effective = capTime(text('effective'), 'effective', warnings);
  event.expires = capTime(text('expires'), 'expires', warnings);
  event.languages = [language];

  const headline = childText(entry, 'title', ATOM) ?? childText(entry, 'title');
  const summary = childText(entry, 'summary', ATOM) ?? childText(entry, 'description');
  if (headline) event.headline = { [language]: headline };
  if (summary) event.description = { [language]: summary };
  event.web = child(entry, 'link', ATOM)?.attributes.href ?? childText(entry, 'link') ?? null;

  // An index entry's cap: area elements sit directly in the entry: read them as one area.
  event.areas = [readCapArea(entry, ns, warnings)];
  Object.assign(event, resolveAreas(event.areas));
}

function authorOf(entry: XmlElement): string | undefined {
  const author = child(entry, 'author', ATOM);
  return author ? childText(author, 'name', ATOM) : childText(entry, 'author');
}
