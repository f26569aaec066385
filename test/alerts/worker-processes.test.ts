import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleNewVersion } from '../../src/alerts/lifecycle.js';
import { createTestContext, postgresUrl, testDialects, type TestContext } from '../support/db.js';
import { startFakeProviders, type FakeProviders } from '../support/fake-providers/server.js';
import { spawnCli } from '../support/process.js';
import { circleEvent, places, versionOf } from './fixtures.js';
import {
  alimtalkEnv,
  captureOutput,
  importTravelersAt,
  openDeliveries,
  settledByWorker,
  stopProcess,
  waitUntil,
} from './process-support.js';

const sendSize = 10_000;

/** Starts a fake provider and a fresh database whose workers send AlimTalk to it. */
async function setUp(
  dialect: 'sqlite' | 'postgres',
  fakeOptions: Parameters<typeof startFakeProviders>[0],
  count: number,
  extra: Record<string, string> = {},
) {
  const fake = await startFakeProviders(fakeOptions);
  const test = await createTestContext(dialect, { ...alimtalkEnv(fake), ...extra });
  await importTravelersAt(test.ctx, count, places.wajima);
  return { fake, test };
}

async function queueSend(test: TestContext) {
  const alert = await handleNewVersion(test.ctx, versionOf(circleEvent(places.wajima)));
  expect(alert?.status).toBe('sending');
  return alert!.id;
}

function acceptedOnce(fake: FakeProviders, count: number) {
  const perRecipient = Object.values(fake.stats().acceptedPerRecipient.alimtalk);
  expect(perRecipient).toHaveLength(count);
  expect(perRecipient.filter((n) => n !== 1)).toEqual([]);
}

for (const dialect of testDialects()) {
  describe(`worker killed mid-send [${dialect}]`, () => {
    let fake: FakeProviders;
    let test: TestContext;

    beforeAll(async () => {
      // The provider drops idempotency keys after 1 s, and the restart comes later than that.
      ({ fake, test } = await setUp(dialect, { idempotencyWindowMs: 1000 }, sendSize, {
        ABROAD_DELIVERY_LEASE_SECONDS: '2',
        ABROAD_SEND_RATES: 'alimtalk=20000',
      }));
    }, 120_000);

    afterAll(async () => {
      await fake?.close();
      await test?.cleanup();
    });

    it('ends with exactly one accepted message per target after SIGKILL and restart', async () => {
      const alertId = await queueSend(test);
      const env = { ...test.env, LOG_LEVEL: 'warn' };
      const first = spawnCli(['work'], env);
      const killAt = 2500;
      await waitUntil(
        'the provider to accept 2,500 messages',
        () => fake.stats().accepted >= killAt,
        90_000,
        2,
      );
      first.kill('SIGKILL');
      await new Promise((done) => first.once('exit', done));
      const acceptedAtKill = fake.stats().accepted;
      expect(acceptedAtKill).toBeLessThan(sendSize);

      // Longer than both the provider's idempotency window and the dead worker's leases.
      await sleep(2500);
      const second = spawnCli(['work'], env);
      const output = captureOutput(second);
      try {
        await waitUntil(
          'every delivery to settle',
          async () => (await openDeliveries(test.ctx, alertId)) === 0,
          120_000,
          250,
        );
      } finally {
        await stopProcess(second);
      }
      expect(output.text()).not.toMatch(/"level":50/);
      acceptedOnce(fake, sendSize);
      const states = await test.ctx.db
        .selectFrom('deliveries')
        .select('state')
        .where('alert_id', '=', alertId)
        .execute();
      // Rows recovered by lookup may already carry the final result.
      expect(states.filter((row) => !['accepted', 'delivered'].includes(row.state))).toEqual([]);
    }, 240_000);
  });

  describe(`two workers under a shared rate limit [${dialect}]`, () => {
    let fake: FakeProviders;
    let test: TestContext;

    beforeAll(async () => {
      ({ fake, test } = await setUp(dialect, { rateLimitPerSecond: 50 }, 300, {
        ABROAD_SEND_RATES: 'alimtalk=50',
        ABROAD_DISPATCH_BATCH: '40',
      }));
    }, 120_000);

    afterAll(async () => {
      await fake?.close();
      await test?.cleanup();
    });

    it('never lets the provider count more than 50 in one second', async () => {
      const alertId = await queueSend(test);
      const env = { ...test.env, LOG_LEVEL: 'warn' };
      const workers = [spawnCli(['work'], env), spawnCli(['work'], env)];
      try {
        await waitUntil(
          'every delivery to settle',
          async () => (await openDeliveries(test.ctx, alertId)) === 0,
          60_000,
          250,
        );
      } finally {
        await Promise.all(workers.map(stopProcess));
      }
      const stats = fake.stats();
      expect(stats.accepted).toBe(300);
      expect(stats.counters.rateLimited).toBe(0);
      expect(stats.maxAcceptedPerSecond).toBeLessThanOrEqual(50);
      expect(stats.maxAcceptedPerSecond).toBeGreaterThanOrEqual(30);
    }, 120_000);
  });
}

describe.skipIf(!postgresUrl)('two workers share one send on PostgreSQL', () => {
  let fake: FakeProviders;
  let test: TestContext;

  beforeAll(async () => {
    ({ fake, test } = await setUp('postgres', { latencyMs: 20 }, sendSize, {
      ABROAD_SEND_RATES: 'alimtalk=20000',
      ABROAD_DISPATCH_BATCH: '100',
    }));
  }, 120_000);

  afterAll(async () => {
    await fake?.close();
    await test?.cleanup();
  });

  it('accepts every delivery exactly once with both workers taking part', async () => {
    const alertId = await queueSend(test);
    const env = { ...test.env, LOG_LEVEL: 'info' };
    const workers = [spawnCli(['work'], env), spawnCli(['work'], env)];
    const outputs = workers.map(captureOutput);
    try {
      await waitUntil(
        'every delivery to settle',
        async () => (await openDeliveries(test.ctx, alertId)) === 0,
        180_000,
        250,
      );
    } finally {
      await Promise.all(workers.map(stopProcess));
    }
    const shares = outputs.map((output) => settledByWorker(output.text()));
    expect(shares.every((share) => share > 0)).toBe(true);
    expect(shares.reduce((sum, share) => sum + share, 0)).toBe(sendSize);
    acceptedOnce(fake, sendSize);
  }, 240_000);
});
