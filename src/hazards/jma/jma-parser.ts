import { countriesOfShapes } from '../../geo/area-countries.js';
import {
  emptyEvent,
  type Geocode,
  type HazardArea,
  type HazardEvent,
  type HazardStatus,
  type LonLat,
  type Severity,
} from '../hazard-event.js';
import { isoToUtc } from '../time.js';
import { childText, children, type XmlElement } from '../xml/xml-tree.js';

export const JMA_NS = 'http://xml.kishou.go.jp/jmaxml1/';

/** Control/Status words: 通常 normal, 訓練 drill, 試験 test. */
const statuses: Record<string, HazardStatus> = { 通常: 'actual', 訓練: 'exercise', 試験: 'test' };

/** Tsunami forecast kinds, strongest first, with the CAP severity each maps to. */
const tsunamiKinds: [string, Severity][] = [
  ['大津波警報', 'extreme'],
  ['津波警報', 'severe'],
  ['津波注意報', 'moderate'],
  ['津波予報', 'minor'],
];

/** JMA seismic intensity (shindo) classes to severity: 6- and up extreme, 5- and 5+ severe. */
const intensitySeverity: Record<string, Severity> = {
  '7': 'extreme',
  '6+': 'extreme',
  '6-': 'extreme',
  '5+': 'severe',
  '5-': 'severe',
  '4': 'moderate',
  '3': 'minor',
  '2': 'minor',
  '1': 'minor',
};

export function isJmaReport(root: XmlElement): boolean {
  return root.local === 'Report' && root.uri === JMA_NS;
}

/**
 * Reads a JMA disaster XML report (earthquake, hypocentre, intensity and tsunami telegrams).
 * The EventID ties the reports on one earthquake together; each Serial is a version.
 * Report texts are Japanese (ja-JP).
 */
export function parseJmaReport(root: XmlElement, warnings: string[]): HazardEvent[] {
  const control = first(root, 'Control');
  const head = first(root, 'Head');
  const body = first(root, 'Body');
  const eventId = head && childText(head, 'EventID', head.uri);
  const sent = head && isoToUtc(childText(head, 'ReportDateTime', head.uri));
  if (!control || !head || !eventId || !sent) {
    warnings.push('JMA report lacks Head/EventID or Head/ReportDateTime; skipped');
    return [];
  }

  const title =
    childText(head, 'Title', head.uri) ?? childText(control, 'Title', control.uri) ?? '';
  const event = emptyEvent({
    source: 'jma',
    sourceId: eventId,
    sender: childText(control, 'PublishingOffice', control.uri) ?? '気象庁',
    sent,
  });
  const serial = childText(head, 'Serial', head.uri) ?? '1';
  event.versionKey = `${sent} serial ${serial}`;
  event.status = statuses[childText(control, 'Status', control.uri) ?? ''] ?? 'actual';
  event.msgType = msgTypeOf(childText(head, 'InfoType', head.uri), serial);
  event.event = title;
  event.languages = ['ja-JP'];
  const headline = descend(head, 'Headline', 'Text')?.text.trim();
  event.headline = { 'ja-JP': headline || title };
  event.effective = isoToUtc(childText(head, 'TargetDateTime', head.uri)) ?? null;
  if (body) fillBody(event, body, title);
  return [event];
}

function msgTypeOf(infoType: string | undefined, serial: string): HazardEvent['msgType'] {
  if (infoType === '取消') return 'cancel';
  if (infoType === '訂正' || Number(serial) > 1) return 'update';
  return 'alert';
}

function fillBody(event: HazardEvent, body: XmlElement, title: string): void {
  const tsunami = first(body, 'Tsunami');
  const earthquake = first(body, 'Earthquake');
  event.hazardType =
    tsunami || /津波/.test(title) ? 'tsunami' : /火山|噴火/.test(title) ? 'volcano' : 'earthquake';
  event.category = ['Geo'];
  event.certainty = 'observed';

  const areas: HazardArea[] = [];
  if (earthquake) areas.push(...readEarthquake(event, earthquake));
  if (tsunami) areas.push(...readTsunami(event, tsunami));
  const intensity = readIntensity(event, body);
  if (intensity) areas.push(intensity);
  event.areas = areas;

  const circles = areas.flatMap((area) => area.circles);
  const fromShapes = countriesOfShapes([], circles);
  const codedInJapan = areas.some((area) => area.geocodes.length > 0);
  event.countries = [...new Set([...fromShapes, ...(codedInJapan ? ['JP'] : [])])].sort();
  event.areaKind = circles.length > 0 ? 'shapes' : 'unresolved';

  const comment = descend(body, 'Comments', 'FreeFormComment')?.text.trim();
  if (comment) event.description = { 'ja-JP': comment };
}

function readEarthquake(event: HazardEvent, earthquake: XmlElement): HazardArea[] {
  event.onset = isoToUtc(childText(earthquake, 'OriginTime', earthquake.uri)) ?? null;
  const magnitude = first(earthquake, 'Magnitude');
  // JMA writes NaN with condition="不明" when the magnitude is unknown.
  const value = magnitude ? Number(magnitude.text.trim()) : NaN;
  event.magnitude = Number.isFinite(value) ? value : null;

  const area = descend(earthquake, 'Hypocenter', 'Area');
  const coordinate = area ? parseIso6709(first(area, 'Coordinate')?.text ?? '') : undefined;
  if (!area || !coordinate) return [];

  event.epicenter = coordinate.point;
  event.depthKm = coordinate.depthKm;
  const name = childText(area, 'DetailedName', area.uri) ?? childText(area, 'Name', area.uri) ?? '';
  return [
    {
      description: name,
      polygons: [],
      circles: [{ center: coordinate.point, radiusKm: 0 }],
      geocodes: [],
    },
  ];
}

/**
 * Parses an ISO 6709 point as JMA writes it: "+35.7+139.8-10000/" is latitude, longitude and
 * height in metres (negative below sea level, so depth 10 km). "+56.7+161.4/" has no depth.
 */
export function parseIso6709(text: string): { point: LonLat; depthKm: number | null } | undefined {
  const match = /^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?\/$/.exec(text.trim());
  if (!match) return undefined;
  const point: LonLat = [Number(match[2]), Number(match[1])];
  const depthKm = match[3] === undefined ? null : -Number(match[3]) / 1000;
  return { point, depthKm };
}

function readTsunami(event: HazardEvent, tsunami: XmlElement): HazardArea[] {
  const items = children(first(tsunami, 'Forecast') ?? tsunami, 'Item', tsunami.uri);
  const byKind = new Map<string, Geocode[]>();
  for (const item of items) {
    const kind =
      descend(item, 'Category', 'Kind')
        ?.children.find((c) => c.local === 'Name')
        ?.text.trim() ?? '';
    const code = descend(item, 'Area', 'Code')?.text.trim();
    if (code)
      byKind.set(kind, [
        ...(byKind.get(kind) ?? []),
        { name: 'JMA tsunami forecast area', value: code },
      ]);
  }

  const severity = tsunamiKinds.find(([kind]) =>
    [...byKind.keys()].some((name) => name.startsWith(kind)),
  );
  event.severity = severity ? severity[1] : event.severity;
  event.urgency = severity ? 'immediate' : event.urgency;
  return [...byKind].map(([kind, geocodes]) => ({
    description: kind,
    polygons: [],
    circles: [],
    geocodes,
  }));
}

function readIntensity(event: HazardEvent, body: XmlElement): HazardArea | undefined {
  const observation = descend(body, 'Intensity', 'Observation');
  if (!observation) return undefined;

  const maxInt = childText(observation, 'MaxInt', observation.uri);
  if (maxInt && event.hazardType === 'earthquake')
    event.severity = intensitySeverity[maxInt] ?? 'unknown';
  const geocodes = children(observation, 'Pref', observation.uri).map((pref) => ({
    name: 'JMA prefecture',
    value: childText(pref, 'Code', pref.uri) ?? '',
  }));
  return {
    description: `最大震度${maxInt ?? '不明'}`,
    polygons: [],
    circles: [],
    geocodes: geocodes.filter((code) => code.value),
  };
}

/** First descendant with this local name, depth first; JMA mixes namespaces freely. */
function first(element: XmlElement, local: string): XmlElement | undefined {
  for (const item of element.children) {
    if (item.local === local) return item;
    const found = first(item, local);
    if (found) return found;
  }
  return undefined;
}

function descend(element: XmlElement, ...path: string[]): XmlElement | undefined {
  let current: XmlElement | undefined = element;
  for (const local of path) current = current && first(current, local);
  return current;
}
