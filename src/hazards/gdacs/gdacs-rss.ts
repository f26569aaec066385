import { isLatitude, isLongitude } from '../geometry.js';
import type { HazardEvent, LonLat } from '../hazard-event.js';
import { numberOf } from '../json-values.js';
import { rfc822ToUtc } from '../time.js';
import { child, childText, children, type XmlElement } from '../xml/xml-tree.js';
import { gdacsCountries, gdacsEvent, type GdacsRecord } from './gdacs-common.js';

export const GDACS_NS = 'http://www.gdacs.org';
const GEO_NS = 'http://www.w3.org/2003/01/geo/wgs84_pos#';
const GEORSS_NS = 'http://www.georss.org/georss';

/** Tells whether an RSS document is the GDACS feed: its items carry gdacs: elements. */
export function isGdacsRss(root: XmlElement): boolean {
  const channel = root.local === 'rss' ? child(root, 'channel') : undefined;
  const [item] = channel ? children(channel, 'item') : [];
  return item !== undefined && item.children.some((element) => element.uri === GDACS_NS);
}

/** Reads the GDACS RSS feed: one event per item, each item one episode of its event. */
export function parseGdacsRss(root: XmlElement, warnings: string[]): HazardEvent[] {
  const items = children(child(root, 'channel')!, 'item');
  const events: HazardEvent[] = [];
  for (const item of items) {
    const record = readItem(item);
    if (record) events.push(gdacsEvent(record));
    else
      warnings.push(
        `GDACS item ${childText(item, 'guid') ?? '(no guid)'} lacks eventtype, eventid or pubDate; skipped`,
      );
  }
  return events;
}

function readItem(item: XmlElement): GdacsRecord | undefined {
  const text = (name: string) => childText(item, name, GDACS_NS);
  const eventType = text('eventtype')?.toUpperCase();
  const eventId = text('eventid');
  const sent = rfc822ToUtc(childText(item, 'pubDate'));
  if (!eventType || !eventId || !sent) return undefined;

  const severity = child(item, 'severity', GDACS_NS);
  const countryText = text('country') ?? '';
  return {
    eventType,
    eventId,
    episodeId: text('episodeid') ?? '1',
    name: childText(item, 'title') ?? `${eventType}${eventId}`,
    eventName: text('eventname') ?? '',
    description: childText(item, 'description') ?? '',
    alertLevel: text('alertlevel'),
    alertScore: numberOf(text('alertscore')),
    sent,
    fromDate: rfc822ToUtc(text('fromdate')) ?? null,
    toDate: rfc822ToUtc(text('todate')) ?? null,
    centroid: itemPoint(item),
    countries: gdacsCountries([text('iso3')], countryText),
    countryText,
    severityValue: numberOf(severity?.attributes.value),
    severityUnit: severity?.attributes.unit,
    severityText: severity?.text.trim() || undefined,
    web: childText(item, 'link'),
  };
}

/** Reads geo:Point (lat, long elements), else georss:point ("lat lon"). gdacs:bbox is not a point. */
function itemPoint(item: XmlElement): LonLat | undefined {
  const geoPoint = child(item, 'Point', GEO_NS);
  const fromGeo = geoPoint
    ? [childText(geoPoint, 'lat', GEO_NS), childText(geoPoint, 'long', GEO_NS)]
    : [];
  const fromGeoRss = childText(item, 'point', GEORSS_NS)?.split(/\s+/) ?? [];

  for (const [latText, lonText] of [fromGeo, fromGeoRss]) {
    const lat = Number(latText);
    const lon = Number(lonText);
    if (latText && lonText && isLatitude(lat) && isLongitude(lon)) return [lon, lat];
  }
  return undefined;
}
