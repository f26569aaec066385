const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const isoWithoutOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

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

/** Converts Unix milliseconds to UTC ISO. */
export function millisToUtc(value: unknown): string | undefined {
  return typeof value === 'number' ? toIso(value) : undefined;
}

function normaliseOffset(value: string): string {
  return value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

function toIso(millis: number): string | undefined {
  return Number.isFinite(millis) ? new Date(millis).toISOString() : undefined;
}
