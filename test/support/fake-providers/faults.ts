import type { FakeProviderOptions } from './options.js';

/**
 * What happens to one send request. "drop" destroys the socket before anything is sent;
 * "drop-after-accept" sends the message, then destroys the socket before the response, which is
 * the case where a client cannot know whether its message went out.
 */
export type FaultKind = 'none' | 'server-error' | 'rate-limit' | 'drop' | 'drop-after-accept';

export const faultKinds: readonly FaultKind[] = [
  'none',
  'server-error',
  'rate-limit',
  'drop',
  'drop-after-accept',
];

/** Scripted faults first, in order; after them, faults drawn at the configured rates. */
export class FaultPlan {
  private script: FaultKind[] = [];
  private random: () => number;

  constructor(seed: number) {
    this.random = mulberry32(seed);
  }

  enqueue(kinds: FaultKind[]): void {
    for (const kind of kinds) {
      if (!faultKinds.includes(kind)) {
        throw new Error(`unknown fault "${kind}"; expected one of ${faultKinds.join(', ')}`);
      }
    }
    this.script.push(...kinds);
  }

  next(options: FakeProviderOptions): FaultKind {
    const scripted = this.script.shift();
    if (scripted) return scripted;

    const draw = this.random();
    let threshold = options.dropRate;
    if (draw < threshold) return 'drop';
    threshold += options.serverErrorRate;
    if (draw < threshold) return 'server-error';
    threshold += options.rateLimitRate;
    if (draw < threshold) return 'rate-limit';
    return 'none';
  }

  reset(seed: number): void {
    this.script = [];
    this.random = mulberry32(seed);
  }
}

/** Small seeded generator (mulberry32); uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
