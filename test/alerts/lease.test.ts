import { expect, it } from 'vitest';
import { createDispatcher } from '../../src/alerts/dispatcher.js';
import { handleNewVersion } from '../../src/alerts/lifecycle.js';
import { recoverStaleDeliveries } from '../../src/alerts/recovery.js';
import { useSenders } from '../../src/alerts/senders.js';
import { forEachDialect } from '../support/db.js';
import { circleEvent, places, versionOf } from './fixtures.js';
import { importTravelersAt } from './process-support.js';
import { TestSender } from './test-sender.js';

forEachDialect(
  'delivery leases',
  (get) => {
    it('renews leases while a slow batch is still sending', async () => {
      const { ctx } = get();
      const slow = new TestSender('alimtalk');
      slow.delayMs = 700;
      useSenders(ctx, [slow]);
      await importTravelersAt(ctx, 300, places.wajima);
      const alert = await handleNewVersion(ctx, versionOf(circleEvent(places.wajima)));

      const dispatcher = createDispatcher(ctx);
      const draining = dispatcher.drain();
      // A rescuer that runs while the second round waits must find no expired lease.
      await new Promise((done) => setTimeout(done, 1200));
      expect(await recoverStaleDeliveries(ctx, 'rescuer')).toBe(0);
      await draining;

      expect(slow.calls).toHaveLength(300);
      const states = await ctx.db
        .selectFrom('deliveries')
        .select('state')
        .where('alert_id', '=', alert!.id)
        .execute();
      expect(states.every((row) => row.state === 'accepted')).toBe(true);
    });
  },
  { ABROAD_DELIVERY_LEASE_SECONDS: '1', ABROAD_SEND_RATES: 'sms=5', ABROAD_DISPATCH_BATCH: '300' },
);
