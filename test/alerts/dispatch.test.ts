import { beforeEach, expect, it } from 'vitest';
import { listAlerts } from '../../src/alerts/alerts.service.js';
import { approveAlert, haltAlert, setDraftArea } from '../../src/alerts/decisions.js';
import { createDispatcher } from '../../src/alerts/dispatcher.js';
import { handleNewVersion } from '../../src/alerts/lifecycle.js';
import { recoverStaleDeliveries } from '../../src/alerts/recovery.js';
import { completeFinishedAlerts } from '../../src/alerts/results.js';
import { useSenders } from '../../src/alerts/senders.js';
import type { AppContext } from '../../src/context.js';
import { addStay } from '../../src/travelers/index.js';
import { forEachDialect } from '../support/db.js';
import { circleEvent, places, travelerAt, versionOf } from './fixtures.js';
import { TestSender } from './test-sender.js';

const officer = { kind: 'staff' as const, id: 'officer-1', email: 'officer@mofa.test' };

async function countsOf(ctx: AppContext, alertId: string) {
  const [view] = (await listAlerts(ctx, { limit: 500 })).filter((alert) => alert.id === alertId);
  return view;
}

async function dueNow(ctx: AppContext) {
  await ctx.db
    .updateTable('deliveries')
    .set({ due_at: new Date(0).toISOString() })
    .where('state', '=', 'queued')
    .execute();
}

forEachDialect('alert dispatch', (get) => {
  let alimtalk: TestSender;
  let sms: TestSender;
  let kakao: TestSender;

  beforeEach(() => {
    alimtalk = new TestSender('alimtalk');
    sms = new TestSender('sms');
    kakao = new TestSender('kakao-event');
    useSenders(get().ctx, [alimtalk, kakao, sms]);
  });

  it('sends a severe event at once, one message per target', async () => {
    const { ctx } = get();
    const near = [await travelerAt(ctx, places.wajima), await travelerAt(ctx, places.wajima)];
    const far = await travelerAt(ctx, places.tokyo);
    const alert = await handleNewVersion(ctx, versionOf(circleEvent(places.wajima)));
    expect(alert?.status).toBe('sending');

    await createDispatcher(ctx).drain();
    for (const traveler of near) expect(alimtalk.acceptedFor(traveler.ref!)).toHaveLength(1);
    expect(alimtalk.acceptedFor(far.ref!)).toHaveLength(0);
    expect(sms.accepted).toHaveLength(0);

    await completeFinishedAlerts(ctx);
    const view = await countsOf(ctx, alert!.id);
    expect(view.status).toBe('sent');
    expect(view.counts.targeted).toBe(2);
    expect(view.counts.sent).toBe(2);
  });

  it('sends once to a traveler with two stays in the area', async () => {
    const { ctx } = get();
    const traveler = await travelerAt(ctx, places.wajima);
    const nearby = { country: 'JP', lon: places.wajima.lon + 0.02, lat: places.wajima.lat };
    const today = new Date().toISOString().slice(0, 10);
    await addStay(ctx, traveler.id, { ...nearby, startDate: today, endDate: today }, officer);
    const alert = await handleNewVersion(ctx, versionOf(circleEvent(places.wajima)));
    await createDispatcher(ctx).drain();
    expect(alimtalk.acceptedFor(traveler.ref!)).toHaveLength(1);
    expect((await countsOf(ctx, alert!.id)).status).toBe('sending');
  });

  it('renders the earthquake template with check-in buttons', async () => {
    const { ctx } = get();
    const traveler = await travelerAt(ctx, places.paris);
    await handleNewVersion(ctx, versionOf(circleEvent(places.paris)));
    await createDispatcher(ctx).drain();
    const [message] = alimtalk.acceptedFor(traveler.ref!);
    expect(message.templateCode).toBe('ABR_QUAKE_V1');
    expect(message.text).toContain('지진');
    expect(message.text).toContain('Noto');
    expect([...message.text].length).toBeLessThanOrEqual(1000);
    expect(message.buttons.map((button) => button.name)).toEqual([
      '안전합니다',
      '도움이 필요합니다',
    ]);
    expect(message.buttons[0].linkMo).toMatch(/\/c\/[\w-]{8}\.[\w-]{16}\?answer=safe$/);
    expect(message.variables.localTime).toMatch(/^\d+월 \d+일 \d\d:\d\d$/);
    expect(message.variables.emergencyPhone).toMatch(/^\+[\d-]{6,13}$/);
    expect(message.text).toContain(message.variables.emergencyPhone);
  });

  it('holds a moderate event as a draft until approved', async () => {
    const { ctx } = get();
    const traveler = await travelerAt(ctx, places.kanazawa);
    const alert = await handleNewVersion(
      ctx,
      versionOf(circleEvent(places.kanazawa, { severity: 'moderate' })),
    );
    expect(alert?.status).toBe('draft');
    await createDispatcher(ctx).drain();
    expect(alimtalk.acceptedFor(traveler.ref!)).toHaveLength(0);

    await approveAlert(ctx, alert!.id, officer);
    await createDispatcher(ctx).drain();
    expect(alimtalk.acceptedFor(traveler.ref!)).toHaveLength(1);
  });

  it('never alerts for test status or an expired version', async () => {
    const { ctx } = get();
    const traveler = await travelerAt(ctx, places.wajima);
    const test = circleEvent(places.wajima, { status: 'test' } as never);
    const expired = circleEvent(places.wajima, {
      expires: new Date(Date.now() - 1000).toISOString(),
    });
    expect(await handleNewVersion(ctx, versionOf(test))).toBeUndefined();
    expect(await handleNewVersion(ctx, versionOf(expired))).toBeUndefined();
    await createDispatcher(ctx).drain();
    expect(alimtalk.acceptedFor(traveler.ref!)).toHaveLength(0);
  });

  it('holds an unresolved area until an officer sets one', async () => {
    const { ctx } = get();
    const inside = await travelerAt(ctx, places.paris);
    const event = circleEvent(places.paris, { areaKind: 'unresolved', areas: [] });
    const alert = await handleNewVersion(ctx, versionOf(event));
    expect(alert?.status).toBe('draft');
    expect(alert?.hold_reason).toBe('area-unresolved');
    await expect(approveAlert(ctx, alert!.id, officer)).rejects.toThrow(/unresolved area/);

    const area = {
      description: 'Paris',
      polygons: [],
      circles: [{ center: [places.paris.lon, places.paris.lat] as [number, number], radiusKm: 5 }],
    };
    await setDraftArea(ctx, alert!.id, [area] as never, officer);
    await approveAlert(ctx, alert!.id, officer);
    await createDispatcher(ctx).drain();
    expect(alimtalk.acceptedFor(inside.ref!)).toHaveLength(1);
  });

  it('retries 429 and 5xx with backoff, then sends once', async () => {
    const { ctx } = get();
    const traveler = await travelerAt(ctx, places.wajima);
    alimtalk.script(traveler.phone!, ['rate-limit', 'retry', 'accept']);
    const alert = await handleNewVersion(ctx, versionOf(circleEvent(places.wajima)));
    const dispatcher = createDispatcher(ctx);

    await dispatcher.drain();
    const [row] = await ctx.db
      .selectFrom('deliveries')
      .selectAll()
      .where('alert_id', '=', alert!.id)
      .where('traveler_id', '=', traveler.id)
      .execute();
    expect(row.state).toBe('queued');
    expect(Date.parse(row.due_at) - Date.now()).toBeGreaterThan(500);

    await dueNow(ctx);
    await dispatcher.drain();
    await dueNow(ctx);
    await dispatcher.drain();
    expect(alimtalk.acceptedFor(traveler.ref!)).toHaveLength(1);
    const [done] = await ctx.db
      .selectFrom('deliveries')
      .selectAll()
      .where('id', '=', row.id)
      .execute();
    expect(done.state).toBe('accepted');
    expect(done.attempts).toBe(3);
  });

  it('falls back once from a permanent AlimTalk failure to SMS', async () => {
    const { ctx } = get();
    const traveler = await travelerAt(ctx, places.wajima);
    alimtalk.script(traveler.phone!, ['permanent']);
    const alert = await handleNewVersion(ctx, versionOf(circleEvent(places.wajima)));
    await createDispatcher(ctx).drain();

    expect(alimtalk.acceptedFor(traveler.ref!)).toHaveLength(0);
    expect(sms.acceptedFor(traveler.ref!)).toHaveLength(1);
    expect(sms.acceptedFor(traveler.ref!)[0].smsText).toMatch(/\/c\//);
    const rows = await ctx.db
      .selectFrom('deliveries')
      .selectAll()
      .where('alert_id', '=', alert!.id)
      .where('traveler_id', '=', traveler.id)
      .orderBy('channel_index')
      .execute();
    expect(rows.map((row) => [row.channel, row.state])).toEqual([
      ['alimtalk', 'fell-back'],
      ['sms', 'accepted'],
    ]);
    expect((await countsOf(ctx, alert!.id)).counts.fellBack).toBe(1);
  });

  it('tries the Kakao user key between AlimTalk and SMS', async () => {
    const { ctx } = get();
    const keyOnly = await travelerAt(ctx, places.wajima, {
      phone: null,
      kakaoUserKey: 'bot-user-key-1',
    });
    const nothing = await travelerAt(ctx, places.wajima, { phone: null });
    const alert = await handleNewVersion(ctx, versionOf(circleEvent(places.wajima)));
    await createDispatcher(ctx).drain();
    expect(kakao.acceptedFor(keyOnly.ref!)).toHaveLength(1);
    expect(kakao.acceptedFor(nothing.ref!)).toHaveLength(0);
    expect((await countsOf(ctx, alert!.id)).counts.unreachable).toBeGreaterThanOrEqual(1);
  });

  it('stops a halted send', async () => {
    const { ctx } = get();
    for (let i = 0; i < 5; i += 1) await travelerAt(ctx, places.kanazawa);
    const alert = await handleNewVersion(ctx, versionOf(circleEvent(places.kanazawa)));
    const before = alimtalk.accepted.length;
    const result = await haltAlert(ctx, alert!.id, officer);
    expect(result.stoppedDeliveries).toBeGreaterThanOrEqual(5);
    await createDispatcher(ctx).drain();
    expect(alimtalk.accepted.length).toBe(before);
    expect((await countsOf(ctx, alert!.id)).counts.halted).toBeGreaterThanOrEqual(5);
  });

  it('sends an update only to new targets unless it grew or got worse', async () => {
    const { ctx } = get();
    const first = await travelerAt(ctx, places.wajima);
    const eventId = 'event-update-test';
    const v1 = circleEvent(places.wajima);
    await handleNewVersion(ctx, versionOf(v1, eventId));
    await createDispatcher(ctx).drain();
    const second = await travelerAt(ctx, places.wajima);

    const same = { ...v1, sent: new Date().toISOString(), msgType: 'update' } as typeof v1;
    await handleNewVersion(ctx, versionOf(same, eventId));
    await createDispatcher(ctx).drain();
    expect(alimtalk.acceptedFor(first.ref!)).toHaveLength(1);
    expect(alimtalk.acceptedFor(second.ref!)).toHaveLength(1);

    const worse = { ...same, severity: 'extreme' } as typeof v1;
    await handleNewVersion(ctx, versionOf(worse, eventId));
    await createDispatcher(ctx).drain();
    expect(alimtalk.acceptedFor(first.ref!)).toHaveLength(2);
    expect(alimtalk.acceptedFor(second.ref!)).toHaveLength(2);
  });

  it('sends an all-clear to those alerted when the event is cancelled', async () => {
    const { ctx } = get();
    const traveler = await travelerAt(ctx, places.paris);
    const eventId = 'event-cancel-test';
    const v1 = circleEvent(places.paris);
    await handleNewVersion(ctx, versionOf(v1, eventId));
    await createDispatcher(ctx).drain();
    const cancel = {
      ...v1,
      msgType: 'cancel',
      areas: [],
      sent: new Date().toISOString(),
    } as typeof v1;
    const clear = await handleNewVersion(ctx, versionOf(cancel, eventId));
    expect(clear?.kind).toBe('all-clear');
    await createDispatcher(ctx).drain();
    const messages = alimtalk.acceptedFor(traveler.ref!);
    expect(messages.map((message) => message.templateCode)).toEqual([
      'ABR_QUAKE_V1',
      'ABR_ALLCLEAR_V1',
    ]);
  });

  it('checks with the provider before resending after a crash', async () => {
    const { ctx } = get();
    const sentBefore = await travelerAt(ctx, places.kanazawa);
    const neverSent = await travelerAt(ctx, places.kanazawa);
    const alert = await handleNewVersion(
      ctx,
      versionOf(circleEvent(places.kanazawa, { severity: 'moderate' })),
    );
    await approveAlert(ctx, alert!.id, officer);

    // A worker claims both rows and dies after the provider accepted only the first.
    const { claimDueDeliveries } = await import('../../src/alerts/deliveries.repo.js');
    const claimed = await claimDueDeliveries(ctx.db, {
      workerId: 'dead',
      limit: 1000,
      now: new Date(),
      leaseMs: 1,
    });
    const ours = new Set([sentBefore.id, neverSent.id]);
    const mine = claimed.filter((row) => row.alert_id === alert!.id && ours.has(row.traveler_id));
    expect(mine).toHaveLength(2);
    const first = mine.find((row) => row.traveler_id === sentBefore.id)!;
    alimtalk.accepted.push({ deliveryId: first.id, travelerRef: sentBefore.ref! } as never);
    await new Promise((done) => setTimeout(done, 5));

    const dispatcher = createDispatcher(ctx);
    expect(await recoverStaleDeliveries(ctx, dispatcher.workerId)).toBeGreaterThanOrEqual(2);
    await dispatcher.drain();
    expect(alimtalk.acceptedFor(sentBefore.ref!)).toHaveLength(1);
    expect(alimtalk.acceptedFor(neverSent.ref!)).toHaveLength(1);
    const rows = await ctx.db
      .selectFrom('deliveries')
      .select(['traveler_id', 'state'])
      .where('alert_id', '=', alert!.id)
      .where('traveler_id', 'in', [...ours])
      .execute();
    expect(rows.map((row) => row.state)).toEqual(['accepted', 'accepted']);
  });
});
