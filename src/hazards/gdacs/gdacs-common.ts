import { alpha3ToAlpha2, countryByName, isCountryCode } from '../../geo/countries.js';
import {
  emptyEvent,
  severityFromAlertLevel,
  type HazardEvent,
  type HazardType,
  type LonLat,
} from '../hazard-event.js';

const gdacsTypes: Record<string, HazardType> = {
  EQ: 'earthquake',
  TC: 'tropical-cyclone',
  FL: 'flood',
  DR: 'drought',
  WF: 'wildfire',
  VO: 'volcano',
  TS: 'tsunami',
};

/** The GDACS fields both the RSS feed and the API GeoJSON carry, read to plain values. */
export interface GdacsRecord {
  eventType: string;
  eventId: string;
  episodeId: string;
  name: string;
  eventName: string;
  description: string;
  alertLevel: string | undefined;
  alertScore: number | null;
  sent: string;
  fromDate: string | null;
  toDate: string | null;
  centroid: LonLat | undefined;
  countries: string[];
  countryText: string;
  severityValue: number | null;
  severityUnit: string | undefined;
  severityText: string | undefined;
  web: string | undefined;
}

/**
 * Builds the event of one GDACS episode. sourceId is "<type><eventid>" ("EQ1199929") and each
 * episode is a version of it. The centroid is kept as a point. Except for an earthquake, the
 * centroid does not outline the area, so the countries GDACS lists are the area when it lists
 * any.
 */
export function gdacsEvent(record: GdacsRecord): HazardEvent {
  const sourceId = `${record.eventType}${record.eventId}`;
  const event = emptyEvent({ source: 'gdacs', sourceId, sender: 'GDACS', sent: record.sent });
  const isQuake = record.eventType === 'EQ';

  event.versionKey = `episode ${record.episodeId}`;
  event.msgType = Number(record.episodeId) > 1 && !isQuake ? 'update' : 'alert';
  event.hazardType = gdacsTypes[record.eventType] ?? 'other';
  event.event = record.eventName || record.name;
  event.severity = severityFromAlertLevel(record.alertLevel);
  event.certainty = 'observed';
  event.onset = record.fromDate;
  event.effective = record.fromDate;
  event.expires = record.toDate;
  event.languages = ['en'];
  event.headline = { en: record.name };
  if (record.description) event.description = { en: record.description };
  event.web = record.web ?? null;
  event.countries = record.countries;
  fillArea(event, record, isQuake);
  event.extra = {
    alertLevel: record.alertLevel ?? null,
    alertScore: record.alertScore,
    episodeId: record.episodeId,
    severityText: record.severityText ?? null,
  };
  return event;
}

function fillArea(event: HazardEvent, record: GdacsRecord, isQuake: boolean): void {
  const circles = record.centroid ? [{ center: record.centroid, radiusKm: 0 }] : [];
  const description = record.countryText || record.name;
  event.areas = [{ description, polygons: [], circles, geocodes: [] }];
  event.areaKind =
    !isQuake && record.countries.length > 0
      ? 'countries'
      : circles.length > 0
        ? 'shapes'
        : 'unresolved';

  if (!isQuake) return;
  event.epicenter = record.centroid ?? null;
  if (record.severityUnit === 'M') event.magnitude = record.severityValue;
  const depth = /depth:\s*([\d.]+)\s*km/i.exec(record.severityText ?? '');
  event.depthKm = depth ? Number(depth[1]) : null;
}

/** Short names GDACS writes that the ISO name list spells otherwise. */
const nameAliases: Record<string, string> = {
  moldova: 'MD',
  laos: 'LA',
  'bosnia & herzegovina': 'BA',
  'czech republic': 'CZ',
  'democratic republic of the congo': 'CD',
  'republic of the congo': 'CG',
  'ivory coast': 'CI',
  'east timor': 'TL',
};

/**
 * Resolves GDACS country fields: ISO alpha-2 and alpha-3 codes, and the comma-separated English
 * names, which list every country while `iso3` contains only the first. Names that are no country
 * ("Southeast Of Loyalty Islands") are left out.
 */
export function gdacsCountries(codes: (string | undefined)[], names: string): string[] {
  const found = new Set<string>();
  for (const code of codes) {
    const upper = code?.trim().toUpperCase() ?? '';
    const alpha2 =
      upper.length === 3 ? alpha3ToAlpha2(upper) : isCountryCode(upper) ? upper : undefined;
    if (alpha2) found.add(alpha2);
  }
  for (const name of names.split(',')) {
    const trimmed = name.trim();
    if (!trimmed) continue;
    const alpha2 = nameAliases[trimmed.toLowerCase()] ?? countryByName(trimmed);
    if (alpha2) found.add(alpha2);
  }
  return [...found].sort();
}
