import { describe, expect, it } from 'vitest';
import {
  grantPermits,
  planSlots,
  pruneRateSlots,
  SlotRateLimiter,
} from '../../src/alerts/rate-limit.js';
import { forEachDialect } from '../support/db.js';

describe('planSlots', () => {
  it('bounds every 1,000 ms window despite jitter', () => {
    for (const limit of [3, 5, 11, 12, 50, 100, 1000]) {
      const plan = planSlots(limit);
      const slotsPerSecond = 1000 / plan.slotMs;
      expect(plan.quota).toBeGreaterThanOrEqual(1);
      expect(plan.quota * (Math.ceil(slotsPerSecond) + 2)).toBeLessThanOrEqual(limit);
    }
  });

  it('uses most of a limit of 50 per second', () => {
    const plan = planSlots(50);
    expect((plan.quota * 1000) / plan.slotMs).toBeGreaterThanOrEqual(40);
  });
});

forEachDialect('rate slots', (get) => {
  it('grants a slot quota once across concurrent takers', async () => {
    const { ctx } = get();
    const grants = await Promise.all(
      Array.from({ length: 20 }, () => grantPermits(ctx.db, 'test:a', 1_000, 3, 10)),
    );
    expect(grants.reduce((sum, n) => sum + n, 0)).toBe(10);
    expect(grants.every((n) => n >= 0 && n <= 3)).toBe(true);
  });

  it('keeps buckets and slots apart', async () => {
    const { ctx } = get();
    expect(await grantPermits(ctx.db, 'test:b', 2_000, 5, 5)).toBe(5);
    expect(await grantPermits(ctx.db, 'test:b', 2_000, 1, 5)).toBe(0);
    expect(await grantPermits(ctx.db, 'test:b', 2_100, 1, 5)).toBe(1);
    expect(await grantPermits(ctx.db, 'test:c', 2_000, 1, 5)).toBe(1);
  });

  it('limiter waits for the next slot when the quota is spent', async () => {
    const { ctx } = get();
    const limiter = new SlotRateLimiter(ctx.db, 'test:wait', 24);
    const started = Date.now();
    let granted = 0;
    while (granted < limiter.plan.quota * 3) granted += await limiter.take(100);
    // Three slots of 100 ms need at least two slot boundaries.
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('prunes slots older than two minutes', async () => {
    const { ctx } = get();
    await grantPermits(ctx.db, 'test:old', 0, 1, 1);
    const now = Date.now();
    await grantPermits(ctx.db, 'test:new', now, 1, 1);
    expect(await pruneRateSlots(ctx.db, now)).toBeGreaterThanOrEqual(1);
    const left = await ctx.db
      .selectFrom('rate_slots')
      .select('bucket')
      .where('bucket', '=', 'test:new')
      .execute();
    expect(left).toHaveLength(1);
  });
});
