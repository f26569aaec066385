import type { AppContext } from '../context.js';

export interface JobRunOptions {
  /** Set by `abroad work --once`: do all work that is due now, then return. */
  once: boolean;
  signal: AbortSignal;
}

/** A unit of background work that the worker runs every `intervalMs`. */
export interface Job {
  name: string;
  intervalMs: number;
  run(ctx: AppContext, options: JobRunOptions): Promise<void>;
}
