import { beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createDispatcher } from '../../src/alerts/dispatcher.js';
import { handleNewVersion } from '../../src/alerts/lifecycle.js';
import { pollProviderResults } from '../../src/alerts/results.js';
import { useSenders } from '../../src/alerts/senders.js';
import { buildServer } from '../../src/server/app.js';
import { forEachDialect } from '../support/db.js';
import { circleEvent, places, travelerAt, versionOf } from './fixtures.js';
import { TestSender } from './test-sender.js';

const secret = 'webhook-secret-for-tests';

function hook(deliveryId: string, resultCode: string) {
  return {
    hooksId: 'h1',
    event: 'MESSAGE_RESULT_UPDATE',
    hooks: [
      {
        kakaoMessageType: 'ALIMTALK_NORMAL',
        requestId: `req-${deliveryId}`,
        recipientSeq: 1,
        resultCode,
        recipientGroupingKey: deliveryId,
      },
    ],
  };
}

forEachDialect(
  'AlimTalk result webhook',
  (get) => {
    let app: FastifyInstance;
    const alimtalk = new TestSender('alimtalk');
    const sms = new TestSender('sms');

    beforeAll(async () => {
      useSenders(get().ctx, [alimtalk, sms]);
      app = (await buildServer(get().ctx)).app;
    });

    async function acceptedDelivery() {
      const { ctx } = get();
      const traveler = await travelerAt(ctx, places.wajima);
      const alert = await handleNewVersion(ctx, versionOf(circleEvent(places.wajima)));
      await createDispatcher(ctx).drain();
      const row = await ctx.db
        .selectFrom('deliveries')
        .selectAll()
        .where('alert_id', '=', alert!.id)
        .where('traveler_id', '=', traveler.id)
        .executeTakeFirstOrThrow();
      return { traveler, row };
    }

    const post = (body: unknown, signature = secret) =>
      app.inject({
        method: 'POST',
        url: '/hooks/nhn/alimtalk',
        headers: { 'x-toast-webhook-signature': signature },
        payload: body as object,
      });

    it('rejects a wrong signature', async () => {
      const { row } = await acceptedDelivery();
      const response = await post(hook(row.id, '1000'), 'wrong-secret-value');
      expect(response.statusCode).toBe(401);
    });

    it('marks a delivered message', async () => {
      const { ctx } = get();
      const { row } = await acceptedDelivery();
      const response = await post(hook(row.id, '1000'));
      expect(response.statusCode).toBe(200);
      expect(response.json().applied).toBe(1);
      const after = await ctx.db
        .selectFrom('deliveries')
        .selectAll()
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      expect(after.state).toBe('delivered');
    });

    it('falls back to SMS once when KakaoTalk reports a recipient failure', async () => {
      const { ctx } = get();
      const { traveler, row } = await acceptedDelivery();
      expect((await post(hook(row.id, '3019'))).statusCode).toBe(200);
      expect((await post(hook(row.id, '3019'))).json().applied).toBe(0);
      await createDispatcher(ctx).drain();
      expect(sms.acceptedFor(traveler.ref!)).toHaveLength(1);
      const rows = await ctx.db
        .selectFrom('deliveries')
        .select(['channel', 'state'])
        .where('alert_id', '=', row.alert_id)
        .where('traveler_id', '=', traveler.id)
        .orderBy('channel_index')
        .execute();
      expect(rows).toEqual([
        { channel: 'alimtalk', state: 'fell-back' },
        { channel: 'sms', state: 'accepted' },
      ]);
    });

    it('polls results the webhook did not bring', async () => {
      const { ctx } = get();
      const { traveler, row } = await acceptedDelivery();
      const earlier = new Date(Date.now() - 5 * 60_000).toISOString();
      await ctx.db
        .updateTable('deliveries')
        .set({ accepted_at: earlier })
        .where('id', '=', row.id)
        .execute();

      alimtalk.lookupState = 'pending';
      await pollProviderResults(ctx);
      const pending = await ctx.db
        .selectFrom('deliveries')
        .select('state')
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      expect(pending.state).toBe('accepted');

      alimtalk.lookupState = 'failed-permanent';
      expect(await pollProviderResults(ctx)).toBeGreaterThanOrEqual(1);
      await createDispatcher(ctx).drain();
      expect(sms.acceptedFor(traveler.ref!)).toHaveLength(1);
      alimtalk.lookupState = 'pending';
    });
  },
  { ABROAD_NHN_WEBHOOK_SECRET: secret },
);
