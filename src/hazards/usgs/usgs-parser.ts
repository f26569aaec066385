import { countriesOfShapes } from '../../geo/area-countries.js';
import { FeedError } from '../feed-error.js';
import {
  emptyEvent,
  severityFromAlertLevel,
  type HazardEvent,
  type LonLat,
} from '../hazard-event.js';
import { isObject, numberOf, pointOf, stringOf, type JsonObject } from '../json-values.js';
import { millisToUtc } from '../time.js';

/** Tells whether parsed JSON is a USGS earthquake summary collection or detail feature. */
export function isUsgsDocument(document: JsonObject): boolean {
  if (document.type === 'FeatureCollection') {
    const metadata = isObject(document.metadata) ? document.metadata : {};
    if (String(metadata.url ?? '').includes('earthquake.usgs.gov')) return true;
    const [first] = Array.isArray(document.features) ? document.features : [];
    return isObject(first) && isUsgsFeature(first);
  }
  return document.type === 'Feature' && isUsgsFeature(document);
}

function isUsgsFeature(feature: JsonObject): boolean {
  const properties = isObject(feature.properties) ? feature.properties : {};
  return 'mag' in properties && typeof properties.time === 'number' && 'ids' in properties;
}

/**
 * Reads USGS earthquake GeoJSON: a summary FeatureCollection or a detail Feature. Each
 * earthquake is one event; its `updated` time is the version, so a re-issued solution is a new
 * version of the same event. A feature USGS marks deleted becomes a cancel.
 */
export function parseUsgsDocument(document: JsonObject, warnings: string[]): HazardEvent[] {
  const features = document.type === 'FeatureCollection' ? document.features : [document];
  if (!Array.isArray(features)) {
    throw new FeedError('unsupported-format', 'USGS FeatureCollection has no "features" array');
  }

  const events: HazardEvent[] = [];
  const problems: string[] = [];
  features.forEach((feature, index) => {
    const parsed = isObject(feature) ? parseUsgsFeature(feature) : { problem: 'is not an object' };
    if ('event' in parsed) events.push(parsed.event);
    else problems.push(`USGS feature ${index} ${parsed.problem}`);
  });

  if (events.length === 0 && problems.length > 0) throw new FeedError('invalid-value', problems[0]);
  for (const problem of problems) warnings.push(`${problem}; skipped`);
  return events;
}

function parseUsgsFeature(feature: JsonObject): { event: HazardEvent } | { problem: string } {
  const properties = isObject(feature.properties) ? feature.properties : {};
  const id = stringOf(feature.id);
  const point = pointOf(feature.geometry);
  if (!id || !point || properties.time === undefined) {
    return { problem: 'has no id, time or Point geometry' };
  }

  const time = millisToUtc(properties.time);
  if (!time) return { problem: `(${id}) has an invalid time ${invalidMillis(properties.time)}` };
  const updated = properties.updated == null ? time : millisToUtc(properties.updated);
  if (!updated) {
    return { problem: `(${id}) has an invalid updated ${invalidMillis(properties.updated)}` };
  }

  const net = stringOf(properties.net);
  const event = emptyEvent({
    source: 'usgs',
    sourceId: id,
    sender: net ? `USGS/${net}` : 'USGS',
    sent: updated,
  });
  event.versionKey = updated;
  event.msgType = stringOf(properties.status)?.toLowerCase() === 'deleted' ? 'cancel' : 'alert';
  fillQuake(event, properties, point, time);
  return { event };
}

function invalidMillis(value: unknown): string {
  return `${JSON.stringify(value)}, expected Unix milliseconds within ±8.64e15`;
}

function fillQuake(
  event: HazardEvent,
  properties: JsonObject,
  point: number[],
  time: string,
): void {
  const type = stringOf(properties.type) ?? 'earthquake';
  const epicenter: LonLat = [point[0], point[1]];
  const title = stringOf(properties.title) ?? type;
  const pager = stringOf(properties.alert)?.toLowerCase() ?? null;

  event.hazardType = type === 'earthquake' ? 'earthquake' : 'other';
  event.event = type;
  event.category = ['Geo'];
  event.severity = severityFromAlertLevel(pager);
  event.certainty = 'observed';
  event.onset = time;
  event.effective = time;
  event.languages = ['en'];
  event.headline = { en: title };
  event.magnitude = numberOf(properties.mag);
  event.depthKm = Number.isFinite(point[2]) ? point[2] : null;
  event.epicenter = epicenter;
  event.web = stringOf(properties.url) ?? null;

  const circles = [{ center: epicenter, radiusKm: 0 }];
  event.areas = [
    { description: stringOf(properties.place) ?? title, polygons: [], circles, geocodes: [] },
  ];
  event.countries = countriesOfShapes([], circles);
  event.areaKind = 'shapes';
  event.extra = {
    pagerAlert: pager,
    tsunami: properties.tsunami === 1 || properties.tsunami === '1',
    magType: stringOf(properties.magType) ?? null,
    reviewStatus: stringOf(properties.status)?.toLowerCase() ?? null,
    mmi: numberOf(properties.mmi),
    significance: numberOf(properties.sig),
  };
}
