import { expect, it } from 'vitest';
import {
  claimDueDeliveries,
  claimStaleDeliveries,
  insertDeliveries,
  settleDelivery,
} from '../../src/alerts/deliveries.repo.js';
import { forEachDialect } from '../support/db.js';
import { insertTestAlert } from './support.js';

const lease = { leaseMs: 30_000 };

forEachDialect('delivery claims', (get) => {
  it('inserts one row per alert, traveler and channel', async () => {
    const { ctx } = get();
    const alert = await insertTestAlert(ctx);
    const now = new Date().toISOString();
    const row = {
      alertId: alert.id,
      travelerId: 't1',
      channel: 'file',
      channelIndex: 0,
      dueAt: now,
    };
    await insertDeliveries(ctx.db, [row, row], now);
    await insertDeliveries(ctx.db, [row], now);
    const rows = await ctx.db
      .selectFrom('deliveries')
      .selectAll()
      .where('alert_id', '=', alert.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('gives concurrent claimers disjoint rows', async () => {
    const { ctx } = get();
    const alert = await insertTestAlert(ctx);
    const now = new Date(Date.now() - 1000).toISOString();
    const rows = Array.from({ length: 300 }, (_, i) => ({
      alertId: alert.id,
      travelerId: `traveler-${i}`,
      channel: 'file',
      channelIndex: 0,
      dueAt: now,
    }));
    await insertDeliveries(ctx.db, rows, now);

    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        claimDueDeliveries(ctx.db, { workerId: `w${i}`, limit: 60, now: new Date(), ...lease }),
      ),
    );
    const ids = claims.flat().map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(claims.flat().filter((row) => row.alert_id === alert.id)).toHaveLength(300);
    expect(claims.flat().every((row) => row.state === 'sending' && row.attempts === 1)).toBe(true);
  });

  it('skips rows that are not due yet', async () => {
    const { ctx } = get();
    const alert = await insertTestAlert(ctx);
    const later = new Date(Date.now() + 60_000).toISOString();
    const row = {
      alertId: alert.id,
      travelerId: 'later',
      channel: 'file',
      channelIndex: 0,
      dueAt: later,
    };
    await insertDeliveries(ctx.db, [row], new Date().toISOString());
    const claimed = await claimDueDeliveries(ctx.db, {
      workerId: 'w',
      limit: 1000,
      now: new Date(),
      ...lease,
    });
    expect(claimed.filter((r) => r.alert_id === alert.id)).toHaveLength(0);
  });

  it('takes over rows whose lease ran out, and only those', async () => {
    const { ctx } = get();
    const alert = await insertTestAlert(ctx);
    const now = new Date(Date.now() - 300_000).toISOString();
    const rows = ['a', 'b'].map((travelerId) => ({
      alertId: alert.id,
      travelerId,
      channel: 'sms',
      channelIndex: 0,
      dueAt: now,
    }));
    await insertDeliveries(ctx.db, rows, now);
    const past = new Date(Date.now() - 120_000);
    const [first] = await claimDueDeliveries(ctx.db, {
      workerId: 'dead',
      limit: 1,
      now: past,
      leaseMs: 1000,
    });
    await claimDueDeliveries(ctx.db, { workerId: 'alive', limit: 1, now: new Date(), ...lease });

    const stale = await claimStaleDeliveries(ctx.db, {
      workerId: 'rescuer',
      limit: 10,
      now: new Date(),
      ...lease,
    });
    expect(stale.map((row) => row.id)).toEqual([first.id]);
    expect(await settleDelivery(ctx.db, first.id, 'dead', { state: 'accepted' }, now)).toBe(false);
    expect(await settleDelivery(ctx.db, first.id, 'rescuer', { state: 'accepted' }, now)).toBe(
      true,
    );
  });
});
