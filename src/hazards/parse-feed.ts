import { parseCapDocument } from './cap/cap-document.js';
import { FeedError } from './feed-error.js';
import { isGdacsDocument, parseGdacsGeoJson } from './gdacs/gdacs-geojson.js';
import { isGdacsRss, parseGdacsRss } from './gdacs/gdacs-rss.js';
import type { HazardEvent, ParsedFeed } from './hazard-event.js';
import { isJmaReport, parseJmaReport } from './jma/jma-parser.js';
import { isObject, type JsonObject } from './json-values.js';
import { isUsgsDocument, parseUsgsDocument } from './usgs/usgs-parser.js';
import { decodeDocument, MAX_DOCUMENT_BYTES } from './xml/decode.js';
import { parseXml, type XmlElement } from './xml/xml-tree.js';

export interface ParseOptions {
  /** Maximum document size, in bytes. */
  maxBytes?: number;
}

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
  if (start.startsWith('<'))
    return { events: parseXmlDocument(parseXml(text), warnings), warnings };
  if (start.startsWith('{') || start.startsWith('[')) {
    return { events: parseJsonDocument(parseJson(text), warnings), warnings };
  }
  throw new FeedError(
    'unsupported-format',
    `document is neither XML nor JSON (it starts with ${JSON.stringify(start.slice(0, 20))})`,
  );
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
