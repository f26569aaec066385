/**
 * One pg-boss worker process for the pg-boss reference run of bench/alerts-pgboss.ts. It takes
 * jobs in batches and sends each through the same AlimTalk adapter as `abroad work`. Started
 * by that benchmark with: <databaseUrl> <schema> <fakeUrl> <queue>.
 */
import PgBoss from 'pg-boss';
import { NhnAlimtalkSender } from '../../src/channels/index.js';
import type { ChannelMessage } from '../../src/channels/index.js';
import { createLogger } from '../../src/log.js';

const [connectionString, schema, baseUrl, queue] = process.argv.slice(2);
const sender = new NhnAlimtalkSender({
  baseUrl,
  appKey: 'bench-app-key',
  secretKey: 'bench-secret-key',
  senderKey: 'b'.repeat(40),
  log: createLogger('warn', process.stderr as never),
});

const boss = new PgBoss({ connectionString, schema });
boss.on('error', (error) => process.stderr.write(`pg-boss: ${error.message}\n`));
await boss.start();
await boss.work<ChannelMessage>(
  queue,
  { batchSize: 256, pollingIntervalSeconds: 0.5 },
  async (jobs) => {
    const results = await Promise.all(jobs.map((job) => sender.send(job.data)));
    // A retryable failure fails the batch, so pg-boss retries it; accepted ones are idempotent.
    const failed = results.find((result) => result.outcome === 'retryable');
    if (failed) throw new Error(`retryable send failure: ${JSON.stringify(failed)}`);
  },
);
process.once('SIGTERM', () => void boss.stop({ graceful: false }).then(() => process.exit(0)));
