import { setTimeout as sleep } from 'node:timers/promises';
import type { AppContext } from '../context.js';
import type { Job } from './job.js';

/**
 * Runs jobs on their intervals until stopped. A failing run is logged and retried at the next
 * interval; it never stops the other jobs.
 */
export class Worker {
  private readonly controller = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly ctx: AppContext,
    private readonly jobs: Job[],
  ) {}

  /** Runs every job once, in order, each draining the work that is due now. */
  async runOnce(): Promise<void> {
    for (const job of this.jobs) {
      await this.runJob(job, true);
    }
  }

  start(): void {
    const log = this.ctx.log.child({ component: 'worker' });
    log.info({ jobs: this.jobs.map((job) => job.name) }, 'worker started');
    this.loops = this.jobs.map((job) => this.loop(job));
  }

  /** Stops scheduling new runs and waits for the runs in progress to finish. */
  async stop(): Promise<void> {
    this.controller.abort();
    await Promise.allSettled(this.loops);
    this.ctx.log.info({ component: 'worker' }, 'worker stopped');
  }

  private async loop(job: Job): Promise<void> {
    const signal = this.controller.signal;
    while (!signal.aborted) {
      await this.runJob(job, false);
      try {
        await sleep(job.intervalMs, undefined, { signal });
      } catch {
        return;
      }
    }
  }

  private async runJob(job: Job, once: boolean): Promise<void> {
    const log = this.ctx.log.child({ component: 'worker', job: job.name });
    try {
      await job.run(this.ctx, { once, signal: this.controller.signal });
    } catch (error) {
      log.error({ err: error }, 'job run failed');
    }
  }
}
