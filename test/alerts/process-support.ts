import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppContext } from '../../src/context.js';
import { fictionalPhone } from '../../src/demo/demo-travelers.js';
import { importTravelersCsv } from '../../src/travelers/index.js';
import type { FakeProviders } from '../support/fake-providers/server.js';

/** Imports `count` travelers at one point, each with a fictional phone number. */
export async function importTravelersAt(
  ctx: AppContext,
  count: number,
  place: { country: string; lon: number; lat: number },
): Promise<void> {
  const start = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const end = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const lines = [
    'ref,name,phone,kakao_user_key,language,country,city,latitude,longitude,start_date,end_date,consent',
  ];
  for (let i = 0; i < count; i += 1) {
    lines.push(
      `load-${i},,${fictionalPhone(i)},,ko,${place.country},,${place.lat},${place.lon},${start},${end},yes`,
    );
  }
  await importTravelersCsv(ctx, `${lines.join('\n')}\n`, { kind: 'system', id: 'test' });
}

/** Variables that point Abroad's AlimTalk adapter at a fake provider. */
export function alimtalkEnv(fake: FakeProviders): Record<string, string> {
  return {
    ABROAD_NHN_ALIMTALK_APP_KEY: 'fake-app-key',
    ABROAD_NHN_ALIMTALK_SECRET_KEY: 'fake-secret-key',
    ABROAD_NHN_ALIMTALK_SENDER_KEY: 'f'.repeat(40),
    ABROAD_NHN_ALIMTALK_BASE_URL: fake.url,
  };
}

/** Polls until the condition holds; fails after the timeout. */
export async function waitUntil(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 50,
): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await condition()) return;
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Counts deliveries still open (queued or sending) for an alert. */
export async function openDeliveries(ctx: AppContext, alertId: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('alert_id', '=', alertId)
    .where('state', 'in', ['queued', 'sending'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Collects a child's stdout so its JSON log lines can be read afterwards. */
export function captureOutput(child: ChildProcess): { text: () => string } {
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { text: () => output };
}

/** Stops a child with SIGTERM and waits for it to exit (SIGKILL after 10 s). */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Sums the `settled` counts a worker logged, to tell whether it took part in a send. */
export function settledByWorker(log: string): number {
  let settled = 0;
  for (const line of log.split('\n')) {
    if (!line.includes('dispatch pass done')) continue;
    try {
      settled += Number((JSON.parse(line) as { settled?: number }).settled ?? 0);
    } catch {
      // not a JSON log line
    }
  }
  return settled;
}
