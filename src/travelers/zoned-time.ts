const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Returns the offset of a time zone from UTC at an instant, in milliseconds (+9 h for Seoul). */
export function zoneOffsetMs(timeZone: string, instantMs: number): number {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(instantMs))
      .map((part) => [part.type, part.value]),
  );
  const wall = Date.UTC(
    +parts.year,
    +parts.month - 1,
    +parts.day,
    +parts.hour,
    +parts.minute,
    +parts.second,
  );
  return wall - Math.floor(instantMs / 1000) * 1000;
}

const midnightCache = new Map<string, number>();

/**
 * Returns the UTC instant (ms) of local midnight starting a calendar date in a time zone. The
 * offset is taken at that midnight itself, so daylight-saving changes on other days do not
 * shift it.
 */
export function localMidnightUtc(date: string, timeZone: string): number {
  const key = `${timeZone}|${date}`;
  const cached = midnightCache.get(key);
  if (cached !== undefined) return cached;

  const wallMidnight = Date.parse(`${date}T00:00:00Z`);
  let guess = wallMidnight - zoneOffsetMs(timeZone, wallMidnight);
  guess = wallMidnight - zoneOffsetMs(timeZone, guess);
  midnightCache.set(key, guess);
  return guess;
}

/** Returns the calendar date after a YYYY-MM-DD date. */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Formats an instant as local date and time in a zone, e.g. "2024-01-01 16:10 (Asia/Tokyo)". */
export function formatLocal(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
