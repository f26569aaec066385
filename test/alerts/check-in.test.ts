import { beforeAll, beforeEach, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { recordCheckIn } from '../../src/alerts/check-ins.js';
import { createDispatcher } from '../../src/alerts/dispatcher.js';
import { handleNewVersion } from '../../src/alerts/lifecycle.js';
import { sendDueReminders } from '../../src/alerts/reminders.js';
import { useSenders } from '../../src/alerts/senders.js';
import { getCase } from '../../src/cases/index.js';
import { buildServer } from '../../src/server/app.js';
import { forEachDialect } from '../support/db.js';
import { circleEvent, places, travelerAt, versionOf } from './fixtures.js';
import { TestSender } from './test-sender.js';

forEachDialect('check-ins', (get) => {
  let sender: TestSender;
  let app: FastifyInstance;

  beforeAll(async () => {
    app = (await buildServer(get().ctx)).app;
  });

  beforeEach(() => {
    sender = new TestSender('alimtalk');
    useSenders(get().ctx, [sender]);
  });

  async function alertedTraveler() {
    const { ctx } = get();
    const traveler = await travelerAt(ctx, places.paris);
    const alert = await handleNewVersion(ctx, versionOf(circleEvent(places.paris)));
    await createDispatcher(ctx).drain();
    const [message] = sender.acceptedFor(traveler.ref!);
    const link = new URL(message.buttons[0].linkMo!);
    return { traveler, alert: alert!, path: link.pathname };
  }

  it('stores the latest answer and opens one case for need help', async () => {
    const { ctx } = get();
    const { traveler, alert } = await alertedTraveler();
    const input = { alertId: alert.id, travelerId: traveler.id, via: 'chat' as const };

    const safe = await recordCheckIn(ctx, { ...input, answer: 'safe' });
    expect(safe.caseId).toBeNull();
    const help = await recordCheckIn(ctx, { ...input, answer: 'need-help' });
    expect(help.caseId).not.toBeNull();
    const again = await recordCheckIn(ctx, { ...input, answer: 'need-help' });
    expect(again.caseId).toBe(help.caseId);

    const opened = await getCase(ctx.db, help.caseId!);
    expect(opened.priority).toBe('high');
    expect(opened.alertId).toBe(alert.id);
    expect(opened.travelerId).toBe(traveler.id);
    const rows = await ctx.db
      .selectFrom('check_ins')
      .selectAll()
      .where('alert_id', '=', alert.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].answer).toBe('need-help');
  });

  it('rejects an answer from a traveler the alert did not target', async () => {
    const { ctx } = get();
    const { alert } = await alertedTraveler();
    const stranger = await travelerAt(ctx, places.tokyo);
    await expect(
      recordCheckIn(ctx, {
        alertId: alert.id,
        travelerId: stranger.id,
        answer: 'safe',
        via: 'chat',
      }),
    ).rejects.toThrow(/not found/);
  });

  it('answers through the signed link page without login', async () => {
    const { ctx } = get();
    const { traveler, alert, path } = await alertedTraveler();
    const page = await app.inject({ method: 'GET', url: `${path}?answer=safe` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('안전합니다');
    expect(
      await ctx.db.selectFrom('check_ins').selectAll().where('alert_id', '=', alert.id).execute(),
    ).toHaveLength(0);

    const answer = await app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'answer=need-help',
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('도움이 필요합니다');
    const [row] = await ctx.db
      .selectFrom('check_ins')
      .selectAll()
      .where('traveler_id', '=', traveler.id)
      .execute();
    expect(row.answer).toBe('need-help');
    expect(row.via).toBe('link');
  });

  it('refuses a link with a forged signature', async () => {
    const { path } = await alertedTraveler();
    const forged = path.replace(/\.[\w-]{16}$/, '.AAAAAAAAAAAAAAAA');
    const page = await app.inject({ method: 'GET', url: forged });
    expect(page.statusCode).toBe(404);
    const post = await app.inject({
      method: 'POST',
      url: forged,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'answer=safe',
    });
    expect(post.statusCode).toBe(404);
  });

  it('limits requests per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const page = await app.inject({
        method: 'GET',
        url: '/c/AAAAAAAA.BBBBBBBBBBBBBBBB',
        remoteAddress: '192.0.2.77',
      });
      statuses.push(page.statusCode);
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 404).length).toBeLessThanOrEqual(30);
  });

  it('reminds the silent once after the configured time', async () => {
    const { ctx } = get();
    const { traveler: silent, alert } = await alertedTraveler();
    const answered = await travelerAt(ctx, places.paris);
    await ctx.db
      .insertInto('alert_targets')
      .values({
        alert_id: alert.id,
        traveler_id: answered.id,
        stay_id: 'x',
        place_name: 'Paris',
        country: 'FR',
        time_zone: 'Europe/Paris',
        mission_code: null,
        reason: '{}',
        outcome: 'accepted',
        link_code: 'zzzzzzzz',
        reminded_at: null,
      })
      .execute();
    await recordCheckIn(ctx, {
      alertId: alert.id,
      travelerId: answered.id,
      answer: 'safe',
      via: 'chat',
    });

    const later = {
      ...ctx,
      clock: { real: ctx.clock.real, scenario: () => new Date(Date.now() + 61 * 60_000) },
    };
    useSenders(later, [sender]);
    expect(await sendDueReminders(ctx)).toBe(0);
    expect(await sendDueReminders(later)).toBeGreaterThanOrEqual(1);
    expect(await sendDueReminders(later)).toBe(0);
    await createDispatcher(later).drain();
    const templates = sender.acceptedFor(silent.ref!).map((message) => message.templateCode);
    expect(templates).toEqual(['ABR_QUAKE_V1', 'ABR_REMIND_V1']);
    expect(sender.acceptedFor(answered.ref!)).toHaveLength(0);
  });
});
