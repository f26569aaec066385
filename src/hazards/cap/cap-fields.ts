import type { Certainty, HazardMsgType, HazardStatus, Severity, Urgency } from '../hazard-event.js';

export const CAP_1_1 = 'urn:oasis:names:tc:emergency:cap:1.1';
export const CAP_1_2 = 'urn:oasis:names:tc:emergency:cap:1.2';
export const CAP_NAMESPACES = [CAP_1_1, CAP_1_2];

/** Namespaces of CAP 1.0, which Abroad does not read. */
export const CAP_1_0_NAMESPACES = [
  'http://www.incident.com/cap/1.0',
  'urn:oasis:names:tc:emergency:cap:1.0',
];

/** Language of an <info> without <language>, as CAP 1.1 and 1.2 define it. */
export const DEFAULT_LANGUAGE = 'en-US';

function pick<T extends string>(allowed: readonly T[], text: string | undefined): T | undefined {
  const lower = text?.trim().toLowerCase();
  return allowed.find((word) => word === lower);
}

export function capStatus(text: string | undefined): HazardStatus | undefined {
  return pick(['actual', 'exercise', 'system', 'test', 'draft'] as const, text);
}

export function capMsgType(text: string | undefined): HazardMsgType | undefined {
  return pick(['alert', 'update', 'cancel', 'ack', 'error'] as const, text);
}

export function capSeverity(text: string | undefined): Severity {
  return pick(['extreme', 'severe', 'moderate', 'minor', 'unknown'] as const, text) ?? 'unknown';
}

export function capUrgency(text: string | undefined): Urgency {
  return pick(['immediate', 'expected', 'future', 'past', 'unknown'] as const, text) ?? 'unknown';
}

export function capCertainty(text: string | undefined): Certainty {
  // CAP 1.0 wrote "Very Likely"; later versions fold it into "Likely".
  if (text?.trim().toLowerCase() === 'very likely') return 'likely';
  return (
    pick(['observed', 'likely', 'possible', 'unlikely', 'unknown'] as const, text) ?? 'unknown'
  );
}

/**
 * Reads the identifiers out of <references>: whitespace-separated "sender,identifier,sent"
 * triples. A token without commas is taken as a bare identifier.
 */
export function capReferences(text: string | undefined, warnings: string[]): string[] {
  const tokens = text?.trim().split(/\s+/).filter(Boolean) ?? [];
  return tokens.flatMap((token) => {
    const parts = token.split(',');
    if (parts.length === 3 && parts[1]) return [parts[1]];
    if (parts.length === 1) {
      warnings.push(
        `<references> entry "${token}" is not "sender,identifier,sent"; read as an identifier`,
      );
      return [token];
    }
    warnings.push(`<references> entry "${token}" is not "sender,identifier,sent"; dropped`);
    return [];
  });
}
