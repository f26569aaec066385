import type { Job } from '../work/job.js';
import { purgeExpired } from './retention.js';

/** Erases what retention allows no longer to keep; hourly is plenty for a period in days. */
export const retentionPurgeJob: Job = {
  name: 'travelers.retention-purge',
  intervalMs: 60 * 60 * 1000,
  run: async (ctx) => {
    await purgeExpired(ctx);
  },
};
