import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AcceptedRecord, FakeProtocol, Ledger } from './ledger.js';
import type { FakeProviderOptions } from './options.js';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when empty or not JSON. */
  body: unknown;
  rawBody: string;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What protocol handlers share with the server. */
export interface FakeContext {
  options: FakeProviderOptions;
  ledger: Ledger;
  now(): number;
  /** Records an accepted recipient and arranges its result webhook. */
  accept(record: AcceptedRecord): void;
}

export interface Route {
  protocol: FakeProtocol;
  /** Send requests get faults, latency and the rate limit; queries only latency. */
  kind: 'send' | 'query';
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle(context: FakeContext, request: FakeRequest, match: RegExpMatchArray): Reply;
}

let requestCounter = 0;

/** Returns an id shaped like NHN's: Korean date and time, then a counter and random hex. */
export function newRequestId(now: number): string {
  requestCounter = (requestCounter + 1) % 1_000_000;
  const stamp = koreanDate(now, true).replace(/\D/g, '');
  return `${stamp}${String(requestCounter).padStart(6, '0')}${randomBytes(3).toString('hex')}`;
}

/** Formats epoch milliseconds in Korean time as "yyyy-MM-dd HH:mm" or with ":ss". */
export function koreanDate(epochMs: number, withSeconds: boolean): string {
  const text = new Date(epochMs + 9 * 3600_000).toISOString().replace('T', ' ');
  return text.slice(0, withSeconds ? 19 : 16);
}

/** Parses "yyyy-MM-dd HH:mm[:ss]" in Korean time; NaN when malformed. */
export function parseKoreanDate(text: string | null): number {
  if (!text || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(text)) return NaN;
  const withSeconds = text.length === 16 ? `${text}:00` : text;
  return Date.parse(`${withSeconds.replace(' ', 'T')}+09:00`);
}

/** Filters accepted records by the NHN list-query parameters common to AlimTalk and SMS. */
export function filterRecords(
  records: AcceptedRecord[],
  query: URLSearchParams,
  predicate: (record: AcceptedRecord) => boolean,
): AcceptedRecord[] | string {
  const requestId = query.get('requestId');
  const start = parseKoreanDate(query.get('startRequestDate'));
  const end = parseKoreanDate(query.get('endRequestDate'));
  if (!requestId && (isNaN(start) || isNaN(end))) {
    return 'requestId or both startRequestDate and endRequestDate are required';
  }

  // A date without seconds names its whole minute.
  const endInclusive = end + ((query.get('endRequestDate') ?? '').length === 16 ? 59_999 : 999);
  const groupingKey = query.get('recipientGroupingKey');
  return records.filter(
    (record) =>
      predicate(record) &&
      (!requestId || record.requestId === requestId) &&
      (isNaN(start) || record.acceptedAt >= start) &&
      (isNaN(end) || record.acceptedAt <= endInclusive) &&
      (!groupingKey || record.groupingKey === groupingKey),
  );
}

/** Returns a page of records by the NHN pageNum (from 1) and pageSize parameters. */
export function page<T>(items: T[], query: URLSearchParams): T[] {
  const size = Math.min(Math.max(Number(query.get('pageSize') ?? 15) || 15, 1), 1000);
  const number = Math.max(Number(query.get('pageNum') ?? 1) || 1, 1);
  return items.slice((number - 1) * size, number * size);
}

export function headerOnly(resultCode: number, resultMessage: string): { header: unknown } {
  return { header: { resultCode, resultMessage, isSuccessful: resultCode === 0 } };
}

export function isJsonContentType(request: FakeRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json');
}
