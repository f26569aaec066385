import type { Config } from '../config.js';

/** CAP severities from most to least severe. */
export const severities = ['extreme', 'severe', 'moderate', 'minor', 'unknown'] as const;

export type Severity = (typeof severities)[number];

/** Higher is more severe; unknown ranks lowest. */
export function severityRank(severity: string): number {
  const index = severities.indexOf(severity.toLowerCase() as Severity);
  return index === -1 ? 0 : severities.length - index;
}

/**
 * The severity an alert acts on. Earthquake feeds (USGS, JMA) usually give a magnitude but no
 * CAP severity; for those the configured magnitude table decides, and a magnitude below the
 * table's lowest row counts as minor.
 */
export function effectiveSeverity(
  event: { severity: string | null; hazardType: string; magnitude?: number | null },
  table: Config['quakeSeverity'],
): Severity {
  const given = (event.severity ?? 'unknown').toLowerCase();
  if (given !== 'unknown' && severities.includes(given as Severity)) return given as Severity;
  if (!isEarthquake(event.hazardType) || typeof event.magnitude !== 'number') return 'unknown';

  const row = table.find((entry) => event.magnitude! >= entry.minMagnitude);
  return (row?.severity ?? 'minor') as Severity;
}

/** Returns true when the severity reaches the auto-send threshold; `off` sends nothing. */
export function sendsAtOnce(severity: string, threshold: Config['alertAutoSeverity']): boolean {
  if (threshold === 'off') return false;
  return severityRank(severity) >= severityRank(threshold);
}

export function isEarthquake(hazardType: string): boolean {
  return /quake|seism|지진/i.test(hazardType);
}
