/**
 * Alert dispatch benchmark, run for each database (SQLite, and PostgreSQL at DATABASE_URL or
 * the local default) with 1, 2 and 4 `abroad work` processes. Each run seeds 100,000 stays
 * around Tokyo, starts the workers and ingests one CAP alert whose circle covers every stay.
 * It then times until the local fake AlimTalk provider (its own process) has accepted every
 * message. Prints a Markdown section for bench/RESULTS.md.
 *
 * Run: npm run bench -- alerts   (or: node bin/run-ts.js bench/alerts-dispatch.ts [stays])
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import '../src/alerts/index.js';
import { loadConfig } from '../src/config.js';
import { closeContext, openContext, type AppContext } from '../src/context.js';
import { fictionalPhone } from '../src/demo/demo-travelers.js';
import { seededRandom } from '../src/geo/index.js';
import { ingestDocument } from '../src/hazards/index.js';
import { createLogger } from '../src/log.js';

const stayCount = Number(process.argv[2] ?? 100_000);
const workerCounts = [1, 2, 4];
const postgresUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const repoRoot = join(import.meta.dirname, '..');
const tokyo = { lon: 139.69171, lat: 35.6895 };

interface Run {
  dialect: 'sqlite' | 'postgres';
  workers: number;
  queueSeconds: number;
  endToEndSeconds: number;
  perWorker: number;
}

async function startFake(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'bin/run-ts.js'),
      join(repoRoot, 'test/support/fake-providers/serve.ts'),
      '--port',
      '0',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, url: (JSON.parse(line) as { url: string }).url };
}

/** Reads the fake's accepted count; a busy fake may drop the connection, so try again. */
async function fakeAccepted(url: string): Promise<number> {
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

function envFor(dialect: Run['dialect'], dataDir: string, schema: string, fakeUrl: string) {
  return {
    ABROAD_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ABROAD_NHN_ALIMTALK_APP_KEY: 'bench-app-key',
    ABROAD_NHN_ALIMTALK_SECRET_KEY: 'bench-secret-key',
    ABROAD_NHN_ALIMTALK_SENDER_KEY: 'b'.repeat(40),
    ABROAD_NHN_ALIMTALK_BASE_URL: fakeUrl,
    // AlimTalk is left without a rate limit: the benchmark measures the outbox, not the limit.
    ABROAD_SEND_RATES: 'sms=50',
    ABROAD_DISPATCH_BATCH: '500',
    ...(dialect === 'postgres' ? { DATABASE_URL: postgresUrl, ABROAD_DB_SCHEMA: schema } : {}),
  };
}

/** Seeds travelers and stays straight into their tables; the CSV import is benchmarked apart. */
async function seedStays(ctx: AppContext, count: number): Promise<void> {
  const random = seededRandom(5);
  const now = new Date().toISOString();
  const start = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const end = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  for (let offset = 0; offset < count; offset += 2000) {
    const travelers = [];
    const stays = [];
    for (let n = offset; n < Math.min(count, offset + 2000); n += 1) {
      const id = `t${String(n).padStart(8, '0')}`;
      const common = { created_at: now, updated_at: now };
      travelers.push({
        id,
        ref: `B${n}`,
        phone: fictionalPhone(n % 12_000),
        language: 'ko',
        consent_version: 'bench',
        consent_at: now,
        ...common,
      });
      stays.push({
        id: `s${String(n).padStart(8, '0')}`,
        traveler_id: id,
        country: 'JP',
        city_id: null,
        place_name: 'Tokyo',
        lon: tokyo.lon + (random() - 0.5) * 0.3,
        lat: tokyo.lat + (random() - 0.5) * 0.25,
        time_zone: 'Asia/Tokyo',
        start_date: start,
        end_date: end,
        mission_code: null,
        ...common,
      });
    }
    await ctx.db.insertInto('travelers').values(travelers).execute();
    await ctx.db.insertInto('stays').values(stays).execute();
  }
  await ctx.db
    .updateTable('stay_revision')
    .set({ revision: sql`revision + 1` })
    .execute();
}

function capDocument(): Buffer {
  const sent = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
  const expires = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>bench-${randomBytes(6).toString('hex')}</identifier><sender>bench@abroad.example</sender>
  <sent>${sent}</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info><language>en</language><category>Geo</category><event>Earthquake</event>
    <urgency>Immediate</urgency><severity>Extreme</severity><certainty>Observed</certainty>
    <effective>${sent}</effective><expires>${expires}</expires><headline>Benchmark earthquake</headline>
    <area><areaDesc>Tokyo</areaDesc><circle>${tokyo.lat},${tokyo.lon} 40</circle></area>
  </info>
</alert>`);
}

async function openDeliveries(ctx: AppContext): Promise<number> {
  const row = await ctx.db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', 'in', ['queued', 'sending'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function runOnce(dialect: Run['dialect'], workers: number): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'abroad-bench-alerts-'));
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const fake = await startFake();
  const env = envFor(dialect, dataDir, schema, fake.url);
  const config = loadConfig(env);
  const ctx = await openContext(config, createLogger('warn'));
  const children: ChildProcess[] = [];
  try {
    await seedStays(ctx, stayCount);
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !name.startsWith('ABROAD_') && name !== 'DATABASE_URL',
      ),
    );
    for (let i = 0; i < workers; i += 1) {
      children.push(
        spawn(process.execPath, [join(repoRoot, 'bin/abroad.js'), 'work'], {
          env: { ...inherited, ...env },
          stdio: 'ignore',
        }),
      );
    }
    await sleep(3000); // the workers start and migrate-check before the event arrives

    const started = Date.now();
    await ingestDocument(ctx, capDocument(), {
      name: 'bench.xml',
      actor: { kind: 'system', id: 'bench' },
    });
    const queueSeconds = (Date.now() - started) / 1000;
    const deadline = Date.now() + 20 * 60_000;
    while ((await openDeliveries(ctx)) > 0 || (await fakeAccepted(fake.url)) < stayCount) {
      if (Date.now() > deadline)
        throw new Error(`${dialect} with ${workers} worker(s) did not finish in 20 minutes`);
      await sleep(100);
    }
    const endToEndSeconds = (Date.now() - started) / 1000;
    const sendSeconds = endToEndSeconds;
    return {
      dialect,
      workers,
      queueSeconds,
      endToEndSeconds,
      perWorker: stayCount / sendSeconds / workers,
    };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)),
    );
    fake.child.kill('SIGTERM');
    await closeContext(ctx);
    rmSync(dataDir, { recursive: true, force: true });
    if (dialect === 'postgres') await dropSchema(schema);
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const runs: Run[] = [];
const dialects: Run['dialect'][] = (await postgresReachable())
  ? ['sqlite', 'postgres']
  : ['sqlite'];
for (const dialect of dialects) {
  for (const workers of workerCounts) {
    process.stderr.write(`${dialect}, ${workers} worker(s)...\n`);
    runs.push(await runOnce(dialect, workers));
  }
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  `## Alert dispatch, ${stayCount.toLocaleString('en')} stays (${new Date().toISOString().slice(0, 10)})`,
  '',
  `Machine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. Command: \`npm run bench -- alerts\`.`,
  'One CAP alert whose circle covers every stay is ingested while the workers run; the fake',
  'AlimTalk provider runs as its own process on 127.0.0.1 with no added latency. End to end is',
  'from the ingest call to the last message accepted by the fake; "queue" is the part spent in',
  'the ingest call (store the version, target, insert targets and deliveries).',
  '',
  '| database | workers | queue (s) | end to end (s) | deliveries/s per worker | deliveries/s total |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...runs.map(
    (run) =>
      `| ${run.dialect} | ${run.workers} | ${run.queueSeconds.toFixed(1)} | ${run.endToEndSeconds.toFixed(1)} | ${Math.round(run.perWorker)} | ${Math.round(run.perWorker * run.workers)} |`,
  ),
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);
