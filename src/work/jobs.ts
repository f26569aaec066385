import { alertJobs } from '../alerts/index.js';
import { chatRetentionJob } from '../chat/index.js';
import { hazardJobs } from '../hazards/index.js';
import { retentionPurgeJob } from '../travelers/index.js';
import type { Job } from './job.js';

/** Every background job of every domain, in the order `abroad work --once` runs them. */
export function allJobs(): Job[] {
  return [...hazardJobs(), ...alertJobs, retentionPurgeJob, chatRetentionJob];
}
