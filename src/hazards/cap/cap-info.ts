import { FeedError } from '../feed-error.js';
import { parseCapCircle, parseCapPolygon } from '../geometry.js';
import type { Certainty, Geocode, HazardArea, Severity, Urgency } from '../hazard-event.js';
import { isoToUtc } from '../time.js';
import { childText, childTexts, children, type XmlElement } from '../xml/xml-tree.js';
import { capCertainty, capSeverity, capUrgency, DEFAULT_LANGUAGE } from './cap-fields.js';

/** One CAP <info> block, read. */
export interface CapInfo {
  language: string;
  categories: string[];
  event: string;
  urgency: Urgency;
  severity: Severity;
  certainty: Certainty;
  sameCodes: string[];
  effective: string | null;
  onset: string | null;
  expires: string | null;
  headline: string | undefined;
  description: string | undefined;
  instruction: string | undefined;
  web: string | undefined;
  areas: HazardArea[];
  /**
   * Everything except the language-dependent texts. Two blocks with the same key in different
   * languages are translations of one another.
   */
  groupKey: string;
}

/**
 * Most <area> blocks read from one <info>. National alerts list a few hundred districts at most;
 * far more is a malformed or hostile document.
 */
export const MAX_AREAS_PER_INFO = 1000;

/**
 * Reads an <info> element; `ns` is the CAP namespace of the enclosing alert. Throws FeedError
 * when it has more than MAX_AREAS_PER_INFO areas.
 */
export function readCapInfo(info: XmlElement, ns: string, warnings: string[]): CapInfo {
  const text = (name: string) => childText(info, name, ns);
  const time = (name: string) => capTime(text(name), name, warnings);
  const areas = children(info, 'area', ns);
  if (areas.length > MAX_AREAS_PER_INFO) {
    throw new FeedError(
      'invalid-cap',
      `CAP <info> has ${areas.length} <area> blocks, above the limit of ${MAX_AREAS_PER_INFO}; split it into several alerts`,
    );
  }

  const read = {
    language: text('language') ?? DEFAULT_LANGUAGE,
    categories: childTexts(info, 'category', ns),
    event: text('event') ?? '',
    urgency: capUrgency(text('urgency')),
    severity: capSeverity(text('severity')),
    certainty: capCertainty(text('certainty')),
    sameCodes: readPairs(children(info, 'eventCode', ns))
      .filter((pair) => pair.name.toUpperCase() === 'SAME')
      .map((pair) => pair.value),
    effective: time('effective'),
    onset: time('onset'),
    expires: time('expires'),
    headline: text('headline'),
    description: text('description'),
    instruction: text('instruction'),
    web: text('web'),
    areas: areas.map((area) => readCapArea(area, ns, warnings)),
  };
  return { ...read, groupKey: groupKeyOf(read) };
}

function groupKeyOf(info: Omit<CapInfo, 'groupKey'>): string {
  return JSON.stringify([
    [...info.categories].sort(),
    info.urgency,
    info.severity,
    info.certainty,
    info.effective,
    info.onset,
    info.expires,
    info.areas.map((area) => [area.polygons, area.circles, area.geocodes]),
  ]);
}

export function capTime(text: string | undefined, name: string, warnings: string[]): string | null {
  if (text === undefined) return null;
  const utc = isoToUtc(text);
  if (!utc) warnings.push(`<${name}> "${text}" is not a date-time with an offset; ignored`);
  return utc ?? null;
}

/** Reads an <area>. Broken shapes are dropped with a warning; the rest of the area stays. */
export function readCapArea(area: XmlElement, ns: string, warnings: string[]): HazardArea {
  const description = (childText(area, 'areaDesc', ns) ?? '').replace(/\s+/g, ' ');
  const result: HazardArea = { description, polygons: [], circles: [], geocodes: [] };

  for (const polygon of children(area, 'polygon', ns)) {
    const parsed = parseCapPolygon(polygon.text);
    if ('value' in parsed) result.polygons.push(parsed.value);
    else warnings.push(`area "${description}": ${parsed.problem}; polygon dropped`);
  }
  for (const circle of children(area, 'circle', ns)) {
    const parsed = parseCapCircle(circle.text);
    if ('value' in parsed) result.circles.push(parsed.value);
    else warnings.push(`area "${description}": ${parsed.problem}; circle dropped`);
  }
  result.geocodes = readPairs(children(area, 'geocode', ns)).filter((pair) => pair.value !== '');
  return result;
}

/**
 * Reads valueName/value pairs. Some feeds put several pairs in one element, so pairs are taken
 * in order rather than one per element. Children are matched by local name alone because
 * feeds that embed CAP elements in Atom leave them in the Atom namespace.
 */
export function readPairs(elements: XmlElement[]): Geocode[] {
  const pairs: Geocode[] = [];
  for (const element of elements) {
    let name: string | undefined;
    for (const item of element.children) {
      if (item.local === 'valueName') name = item.text.trim();
      if (item.local === 'value' && name !== undefined) {
        pairs.push({ name, value: item.text.trim() });
        name = undefined;
      }
    }
  }
  return pairs;
}
