import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { maxWithinWindow, type FakeStats } from '../support/fake-providers/ledger.js';
import { startFakeProviders, type FakeProviders } from '../support/fake-providers/server.js';
import { repoRoot } from '../support/process.js';

const runTs = 'bin/run-ts.js';
const children: ChildProcess[] = [];
const fakes: FakeProviders[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
  for (const fake of fakes.splice(0)) await fake.close();
});

function startScript(script: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [runTs, script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return child;
}

async function firstLine(child: ChildProcess): Promise<Record<string, unknown>> {
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  return JSON.parse(line) as Record<string, unknown>;
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function postJson<T>(url: string, body: unknown): Promise<T> {
  return getJson<T>(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function alimtalkBody(recipientNo: string) {
  return {
    senderKey: 'S'.repeat(40),
    templateCode: 'T',
    recipientList: [{ recipientNo, templateParameter: {} }],
  };
}

async function fakeWith(options: Parameters<typeof startFakeProviders>[0]) {
  const fake = await startFakeProviders(options);
  fakes.push(fake);
  return fake;
}

describe('maxWithinWindow', () => {
  it('counts the busiest second', () => {
    expect(maxWithinWindow([], 1000)).toBe(0);
    expect(maxWithinWindow([0, 999, 1000, 1500, 1998], 1000)).toBe(4);
    expect(maxWithinWindow([0, 999, 1000, 1500, 1999], 1000)).toBe(3);
    expect(maxWithinWindow([0, 1000, 2000], 1000)).toBe(1);
  });
});

describe('fake provider server', () => {
  it('limits accepted sends per second with 429', async () => {
    const fake = await fakeWith({ rateLimitPerSecond: 5, retryAfterSeconds: 2 });
    const url = `${fake.url}/alimtalk/v2.3/appkeys/app/messages`;

    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let index = 0; index < 8; index += 1) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(alimtalkBody(`0101234${String(index).padStart(4, '0')}`)),
      });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
      await response.arrayBuffer();
    }

    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(3);
    expect(retryAfter).toBe('2');
    expect(fake.stats().maxAcceptedPerSecond).toBe(5);
    expect(fake.stats().counters.rateLimited).toBe(3);
  });

  it('takes faults and options over the admin routes', async () => {
    const fake = await fakeWith({});
    await postJson(`${fake.url}/admin/faults`, { next: ['server-error'] });
    await postJson(`${fake.url}/admin/options`, { recipientFailures: { '01000000019': '3019' } });

    const failed = await fetch(`${fake.url}/alimtalk/v2.3/appkeys/app/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(alimtalkBody('01000000019')),
    });
    await failed.arrayBuffer();
    const accepted = await postJson<{ header: { isSuccessful: boolean } }>(
      `${fake.url}/alimtalk/v2.3/appkeys/app/messages`,
      alimtalkBody('01000000019'),
    );

    expect(failed.status).toBe(503);
    expect(accepted.header.isSuccessful).toBe(true);
    expect(fake.records()[0].resultCode).toBe('3019');
    const stats = await getJson<FakeStats>(`${fake.url}/admin/stats`);
    expect(stats.counters.serverErrors).toBe(1);
    expect(stats.acceptedPerRecipient.alimtalk).toEqual({ '01000000019': 1 });
  });

  it('rejects a webhook URL off the loopback', async () => {
    const fake = await fakeWith({});

    const response = await fetch(`${fake.url}/admin/options`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ webhookUrl: 'http://example.org/hooks' }),
    });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('webhookUrl must point to 127.0.0.1');
  });

  it('answers 404 for an unknown path', async () => {
    const fake = await fakeWith({});

    const response = await fetch(`${fake.url}/alimtalk/v9/unknown`);

    expect(response.status).toBe(404);
    expect(await response.text()).toContain('no fake route for GET /alimtalk/v9/unknown');
  });
});

describe('fake provider process', () => {
  it('prints its port and reads options from argv and env', async () => {
    const child = startScript(
      'test/support/fake-providers/serve.ts',
      ['--recipient-failure', '01000000019=3019', '--idempotency-reply', 'replay'],
      { FAKE_PROVIDERS_LATENCY_MS: '5', FAKE_PROVIDERS_RECIPIENT_FAILURES: '01000000020=3020' },
    );

    const listening = await firstLine(child);
    const options = await getJson<Record<string, unknown>>(
      `${String(listening.url)}/admin/options`,
    );

    expect(listening.event).toBe('listening');
    expect(listening.port).toBeGreaterThan(0);
    expect(options.latencyMs).toBe(5);
    expect(options.idempotencyReply).toBe('replay');
    expect(options.recipientFailures).toEqual({ '01000000019': '3019', '01000000020': '3020' });
  });

  it('sends each message once across racing senders', async () => {
    const server = startScript('test/support/fake-providers/serve.ts', [
      '--rate-limit-per-second',
      '25',
    ]);
    const { url } = (await firstLine(server)) as { url: string };
    const burstArgs = ['--url', url, '--count', '40', '--prefix', 'race', '--concurrency', '8'];

    const senders = [1, 2].map(() =>
      startScript('test/support/fake-providers/send-burst.ts', burstArgs),
    );
    const summaries = await Promise.all(senders.map((sender) => firstLine(sender)));
    const stats = await getJson<FakeStats>(`${url}/admin/stats`);

    for (const summary of summaries) expect(summary).toMatchObject({ accepted: 40, permanent: 0 });
    const duplicates = summaries.reduce((sum, summary) => sum + Number(summary.duplicates), 0);
    expect(duplicates).toBe(40);
    expect(stats.accepted).toBe(40);
    expect(Object.keys(stats.acceptedPerRecipient.alimtalk)).toHaveLength(40);
    expect(Math.max(...Object.values(stats.acceptedPerRecipient.alimtalk))).toBe(1);
    expect(stats.maxAcceptedPerSecond).toBeLessThanOrEqual(25);
    expect(stats.counters.rateLimited).toBeGreaterThan(0);
  });
});
