import type { Config } from './config.js';

/**
 * Two clocks. `real` is wall time and drives leases, backoff, ids and retention. `scenario`
 * is the instant against which hazard validity and check-in silence are judged: wall time
 * unless ABROAD_NOW pins it for a drill or an archive replay.
 */
export interface Clock {
  real(): Date;
  scenario(): Date;
}

export function createClock(config: Pick<Config, 'now'>): Clock {
  const pinned = config.now ? new Date(config.now) : undefined;
  return {
    real: () => new Date(),
    scenario: () => (pinned ? new Date(pinned) : new Date()),
  };
}

/** Formats an instant as UTC ISO 8601 with milliseconds, the form stored in every table. */
export function isoUtc(date: Date = new Date()): string {
  return date.toISOString();
}
