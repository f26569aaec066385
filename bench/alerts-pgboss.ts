/**
 * Reference for bench/alerts-dispatch.ts: the same 100,000 AlimTalk sends queued through
 * pg-boss 10 on the same PostgreSQL and sent by 1, 2 and 4 pg-boss worker processes through
 * the same adapter to the same fake provider. Only the queue differs: no targeting, no
 * per-traveler fallback chain, no lease recovery by provider lookup. Prints a Markdown table.
 *
 * Run: npm run bench -- pgboss   (or: node bin/run-ts.js bench/alerts-pgboss.ts [messages])
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { fictionalPhone } from '../src/demo/demo-travelers.js';

const messageCount = Number(process.argv[2] ?? 100_000);
const postgresUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const repoRoot = join(import.meta.dirname, '..');
const runTs = join(repoRoot, 'bin/run-ts.js');
const queue = 'alimtalk';

async function startFake(): Promise<{ child: ChildProcess; url: string }> {
  const serve = join(repoRoot, 'test/support/fake-providers/serve.ts');
  const child = spawn(process.execPath, [runTs, serve, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, url: (JSON.parse(line) as { url: string }).url };
}

/** Reads the fake's accepted count; a busy fake may drop the connection, so try again. */
async function accepted(url: string): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const stats = (await (await fetch(`${url}/admin/stats`)).json()) as { accepted: number };
      return stats.accepted;
    } catch (error) {
      if (attempt >= 5) throw error;
      await sleep(200 * attempt);
    }
  }
}

function job(n: number) {
  const deliveryId = `bench-${n}`;
  const text = `[외교부 안전 알림] 지진\n\n도쿄 일대에 지진 관련 위험이 있습니다. (${n})`;
  const data = {
    deliveryId,
    alertId: 'bench',
    travelerRef: `B${n}`,
    phone: fictionalPhone(n % 12_000),
    templateCode: 'ABR_QUAKE_V1',
    text,
    variables: {},
    buttons: [],
  };
  return { name: queue, data, retryLimit: 8, retryBackoff: true };
}

async function runOnce(workers: number) {
  const schema = `bench_boss_${randomBytes(4).toString('hex')}`;
  const fake = await startFake();
  const boss = new PgBoss({ connectionString: postgresUrl, schema });
  await boss.start();
  await boss.createQueue(queue);
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < workers; i += 1) {
      const args = [runTs, join(repoRoot, 'bench/alerts-support/pgboss-worker.ts')];
      args.push(postgresUrl, schema, fake.url, queue);
      children.push(spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] }));
    }
    await sleep(3000);

    const started = Date.now();
    for (let offset = 0; offset < messageCount; offset += 1000) {
      const size = Math.min(1000, messageCount - offset);
      await boss.insert(Array.from({ length: size }, (_, i) => job(offset + i)));
    }
    const queueSeconds = (Date.now() - started) / 1000;
    const deadline = Date.now() + 20 * 60_000;
    while ((await accepted(fake.url)) < messageCount) {
      if (Date.now() > deadline) throw new Error(`pg-boss with ${workers} worker(s) timed out`);
      await sleep(500);
    }
    const endToEndSeconds = (Date.now() - started) / 1000;
    return { workers, queueSeconds, endToEndSeconds };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)),
    );
    fake.child.kill('SIGTERM');
    await boss.stop({ graceful: false });
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
}

const rows = [];
for (const workers of [1, 2, 4]) {
  process.stderr.write(`pg-boss, ${workers} worker(s)...\n`);
  const run = await runOnce(workers);
  const perWorker = messageCount / run.endToEndSeconds / workers;
  rows.push(
    `| pg-boss 10 (reference) | ${workers} | ${run.queueSeconds.toFixed(1)} | ${run.endToEndSeconds.toFixed(1)} | ${Math.round(perWorker)} | ${Math.round(perWorker * workers)} |`,
  );
}
process.stdout.write(`${rows.join('\n')}\n`);
