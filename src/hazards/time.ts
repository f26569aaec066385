const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const isoWithoutOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** Largest distance from the Unix epoch a JavaScript Date can hold, in milliseconds. */
const MAX_DATE_MILLIS = 8.64e15;

/**
 * How far after the real clock a send or update time may lie, in milliseconds. A later time
 * is a sender's clock error or a forgery, and stored it would outrank every real update.
 */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

/** Earliest plausible send or update time: no feed format read here predates it. */
export const EARLIEST_PLAUSIBLE = '1970-01-01T00:00:00.000Z';

/**
 * Converts an ISO 8601 date-time with an offset ("2003-06-17T14:57:00-07:00") to UTC ISO with
 * "Z". With `assumeUtc`, a value without an offset is read as UTC (GDACS writes them so).
 * Returns undefined for anything else.
 */
export function isoToUtc(text: string | undefined, assumeUtc = false): string | undefined {
  const value = text?.trim();
  if (!value) return undefined;

  if (isoWithOffset.test(value)) return toIso(Date.parse(normaliseOffset(value)));
  if (assumeUtc && isoWithoutOffset.test(value)) return toIso(Date.parse(`${value}Z`));
  return undefined;
}

/** Converts an RFC 822 date ("Sun, 29 Dec 2019 12:00:00 GMT"), as RSS writes them, to UTC ISO. */
export function rfc822ToUtc(text: string | undefined): string | undefined {
  const value = text?.trim();
  if (!value || !/^(\w{3},\s*)?\d{1,2}\s+\w{3}\s+\d{2,4}\s+\d{2}:\d{2}/.test(value))
    return undefined;
  return toIso(Date.parse(value));
}

/**
 * Converts Unix milliseconds to UTC ISO. Returns undefined for a non-number and for a number
 * outside the range a Date can hold (±8.64e15 ms).
 */
export function millisToUtc(value: unknown): string | undefined {
  return typeof value === 'number' ? toIso(value) : undefined;
}

/**
 * Checks a send or update time (UTC ISO) against the real clock `now`. Returns the reason it
 * is implausible, naming `field` and the value, or undefined when it is within the window
 * from 1970 to one day after `now`.
 */
export function implausibleSendTime(field: string, utc: string, now: Date): string | undefined {
  const millis = Date.parse(utc);
  const latest = now.getTime() + MAX_FUTURE_SKEW_MS;
  if (millis > latest) {
    return `${field} ${utc} is more than one day after the current time ${now.toISOString()}; check the sender's clock`;
  }
  if (millis < Date.parse(EARLIEST_PLAUSIBLE)) {
    return `${field} ${utc} is before ${EARLIEST_PLAUSIBLE}, expected a current date`;
  }
  return undefined;
}

function normaliseOffset(value: string): string {
  return value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

function toIso(millis: number): string | undefined {
  if (!Number.isFinite(millis) || Math.abs(millis) > MAX_DATE_MILLIS) return undefined;
  return new Date(millis).toISOString();
}
