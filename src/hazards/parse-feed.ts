import { parseCapDocument } from './cap/cap-document.js';
import { FeedError } from './feed-error.js';
import { isGdacsDocument, parseGdacsGeoJson } from './gdacs/gdacs-geojson.js';
import { isGdacsRss, parseGdacsRss } from './gdacs/gdacs-rss.js';
import type { HazardEvent, ParsedFeed } from './hazard-event.js';
import { isJmaReport, parseJmaReport } from './jma/jma-parser.js';
import { isObject, type JsonObject } from './json-values.js';
import { implausibleSendTime } from './time.js';
import { isUsgsDocument, parseUsgsDocument } from './usgs/usgs-parser.js';
import { decodeDocument, MAX_DOCUMENT_BYTES } from './xml/decode.js';
import { parseXml, type XmlElement } from './xml/xml-tree.js';

export interface ParseOptions {
  /** Maximum document size, in bytes. */
  maxBytes?: number;
  /**
   * Reference time, the real time when absent. Send and update times more than a day after it,
   * or before 1970, are rejected.
   */
  now?: Date;
}

/**
 * Plausible magnitude range. The largest earthquake recorded was M 9.5; microseisms reported by
 * dense networks go slightly below zero.
 */
export const MIN_MAGNITUDE = -2;
export const MAX_MAGNITUDE = 10.5;

/** Names of the field each source's `sent` comes from, for messages. */
const sentFields: Record<HazardEvent['source'], string> = {
  cap: '<sent>',
  usgs: 'updated',
  gdacs: 'modification time (datemodified or pubDate)',
  jma: '<ReportDateTime>',
};

/**
 * Parses one feed document of any supported kind into normalised events. The format is read
 * from the content, not the file name: XML is CAP (bare, in Atom or RSS, in an envelope), the
 * GDACS RSS feed or a JMA report; JSON is USGS or GDACS GeoJSON. Nothing the document points to
 * is fetched. Throws FeedError with a reason when the document cannot be used at all; smaller
 * problems (a broken polygon, a skipped entry) come back as warnings.
 */
export function parseFeedDocument(bytes: Buffer, options: ParseOptions = {}): ParsedFeed {
  const text = decodeDocument(bytes, options.maxBytes ?? MAX_DOCUMENT_BYTES);
  const start = text.trimStart();
  const warnings: string[] = [];

  if (start === '') throw new FeedError('empty', 'document is empty');
  const now = options.now ?? new Date();
  if (start.startsWith('<')) {
    const events = parseXmlDocument(parseXml(text), warnings);
    return { events: dropImplausible(events, now, warnings), warnings };
  }
  if (start.startsWith('{') || start.startsWith('[')) {
    const events = parseJsonDocument(parseJson(text), warnings);
    return { events: dropImplausible(events, now, warnings), warnings };
  }
  throw new FeedError(
    'unsupported-format',
    `document is neither XML nor JSON (it starts with ${JSON.stringify(start.slice(0, 20))})`,
  );
}

/**
 * Drops events whose send or update time lies outside 1970 .. now + 1 day, with a warning. A
 * version dated in the future would stay current and supersede every real update after it.
 * When no event remains, the first reason is thrown.
 */
function dropImplausible(events: HazardEvent[], now: Date, warnings: string[]): HazardEvent[] {
  const kept: HazardEvent[] = [];
  const problems: string[] = [];
  for (const event of events) {
    const problem = implausibleTimeOf(event, now);
    if (problem === undefined) kept.push(dropImplausibleMagnitude(event, warnings));
    else if (!problems.includes(problem)) problems.push(problem);
  }

  if (kept.length === 0 && problems.length > 0) throw new FeedError('invalid-value', problems[0]);
  for (const problem of problems) warnings.push(`${problem}; skipped`);
  return kept;
}

/**
 * Clears a magnitude outside MIN_MAGNITUDE .. MAX_MAGNITUDE, with a warning. No earthquake that
 * size is known, and a value such as 1e308 would rank the event above every real one.
 */
function dropImplausibleMagnitude(event: HazardEvent, warnings: string[]): HazardEvent {
  const { magnitude } = event;
  if (magnitude === null || (magnitude >= MIN_MAGNITUDE && magnitude <= MAX_MAGNITUDE))
    return event;
  warnings.push(
    `${event.source} ${event.sourceId}: magnitude ${magnitude} is outside ${MIN_MAGNITUDE} to ${MAX_MAGNITUDE}; magnitude dropped`,
  );
  return { ...event, magnitude: null };
}

function implausibleTimeOf(event: HazardEvent, now: Date): string | undefined {
  const name = `${event.source} ${event.sourceId}`;
  const sent = implausibleSendTime(sentFields[event.source], event.sent, now);
  if (sent) return `${name}: ${sent}`;
  // A USGS origin time is the quake itself; one in the future is as false as its update time.
  if (event.source === 'usgs' && event.onset) {
    const origin = implausibleSendTime('time', event.onset, now);
    if (origin) return `${name}: ${origin}`;
  }
  return undefined;
}

function parseXmlDocument(root: XmlElement, warnings: string[]): HazardEvent[] {
  if (isJmaReport(root)) return parseJmaReport(root, warnings);
  if (isGdacsRss(root)) return parseGdacsRss(root, warnings);

  const events = parseCapDocument(root, warnings);
  if (events) return events;
  const where = root.uri ? ` in namespace ${root.uri}` : '';
  throw new FeedError(
    'unsupported-format',
    `root element <${root.local}>${where} holds no CAP alert, GDACS item or JMA report`,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FeedError(
      'not-well-formed',
      `document is not valid JSON: ${(error as Error).message}`,
    );
  }
}

function parseJsonDocument(document: unknown, warnings: string[]): HazardEvent[] {
  if (Array.isArray(document))
    throw new FeedError('unsupported-format', describeJsonArray(document));
  if (!isObject(document))
    throw new FeedError('unsupported-format', 'JSON document is not an object');

  if (isUsgsDocument(document)) return parseUsgsDocument(document, warnings);
  if (isGdacsDocument(document)) return parseGdacsGeoJson(document, warnings);
  throw new FeedError('unsupported-format', describeJsonObject(document));
}

function describeJsonArray(document: unknown[]): string {
  const [first] = document;
  if (isObject(first) && ('empirical_fatality' in first || 'empirical_economic' in first)) {
    return 'document is a USGS PAGER loss estimate (losses.json), not an event feed; ingest the earthquake from a USGS summary or detail GeoJSON instead';
  }
  return 'JSON document is an array; expected a GeoJSON Feature or FeatureCollection from USGS or GDACS';
}

function describeJsonObject(document: JsonObject): string {
  const type = typeof document.type === 'string' ? ` of type "${document.type}"` : '';
  return `JSON document${type} is neither USGS earthquake GeoJSON (properties mag, time, ids) nor GDACS event GeoJSON (properties eventtype, eventid)`;
}
