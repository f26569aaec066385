import { FeedError } from '../feed-error.js';
import type { HazardEvent, LonLat } from '../hazard-event.js';
import { isObject, numberOf, pointOf, stringOf, type JsonObject } from '../json-values.js';
import { isoToUtc } from '../time.js';
import { gdacsCountries, gdacsEvent, type GdacsRecord } from './gdacs-common.js';

/** Tells whether parsed JSON is GDACS API GeoJSON (event features carry eventtype and eventid). */
export function isGdacsDocument(document: JsonObject): boolean {
  const [first] =
    document.type === 'FeatureCollection' && Array.isArray(document.features)
      ? document.features
      : [document];
  return (
    isObject(first) &&
    isObject(first.properties) &&
    'eventtype' in first.properties &&
    'eventid' in first.properties
  );
}

/**
 * Reads GDACS API GeoJSON: one event Feature or a FeatureCollection of them (the event list).
 * The geometry collection of one event (wind buffers, track, cone) carries no event record of
 * its own and is rejected.
 */
export function parseGdacsGeoJson(document: JsonObject, warnings: string[]): HazardEvent[] {
  const features =
    document.type === 'FeatureCollection' ? (document.features as unknown[]) : [document];
  const shapes = features.filter((feature) => isObject(feature) && !pointOf(feature.geometry));
  if (shapes.length > 0) {
    const id = eventKey(features[0]);
    throw new FeedError(
      'unsupported-format',
      `GDACS geometry collection of ${id} (wind buffers, tracks, polygons) is not an event record; ingest the event from the GDACS events API instead`,
    );
  }

  const events: HazardEvent[] = [];
  features.forEach((feature, index) => {
    const record = isObject(feature) ? readRecord(feature) : undefined;
    if (record) events.push(gdacsEvent(record));
    else warnings.push(`GDACS feature ${index} lacks eventtype, eventid or a date; skipped`);
  });
  return events;
}

function eventKey(feature: unknown): string {
  const properties = isObject(feature) && isObject(feature.properties) ? feature.properties : {};
  return `${stringOf(properties.eventtype) ?? '?'}${stringOf(properties.eventid) ?? '?'}`;
}

function readRecord(feature: JsonObject): GdacsRecord | undefined {
  const properties = isObject(feature.properties) ? feature.properties : {};
  const eventType = stringOf(properties.eventtype)?.toUpperCase();
  const eventId = stringOf(properties.eventid);
  // GDACS API dates have no offset; they are UTC.
  const fromDate = isoToUtc(stringOf(properties.fromdate), true) ?? null;
  const sent = isoToUtc(stringOf(properties.datemodified), true) ?? fromDate;
  if (!eventType || !eventId || !sent) return undefined;

  const point = pointOf(feature.geometry);
  const severity = isObject(properties.severitydata) ? properties.severitydata : {};
  const url = isObject(properties.url) ? properties.url : {};
  return {
    eventType,
    eventId,
    episodeId: stringOf(properties.episodeid) ?? '1',
    name: stringOf(properties.name) ?? `${eventType}${eventId}`,
    eventName: stringOf(properties.eventname) ?? '',
    description: stringOf(properties.htmldescription) ?? stringOf(properties.description) ?? '',
    alertLevel: stringOf(properties.alertlevel),
    alertScore: numberOf(properties.alertscore),
    sent,
    fromDate,
    toDate: isoToUtc(stringOf(properties.todate), true) ?? null,
    centroid: point ? ([point[0], point[1]] as LonLat) : undefined,
    countries: gdacsCountries(affectedCodes(properties), ''),
    countryText: stringOf(properties.country) ?? '',
    severityValue: numberOf(severity.severity),
    severityUnit: stringOf(severity.severityunit),
    severityText: stringOf(severity.severitytext),
    web: stringOf(url.report),
  };
}

/** Codes from `affectedcountries`, which lists every country, plus `iso3`, which has only one. */
function affectedCodes(properties: JsonObject): (string | undefined)[] {
  const affected = Array.isArray(properties.affectedcountries) ? properties.affectedcountries : [];
  const codes = affected.map((item) =>
    isObject(item) ? (stringOf(item.iso2) ?? stringOf(item.iso3)) : undefined,
  );
  return [...codes, stringOf(properties.iso3)];
}
