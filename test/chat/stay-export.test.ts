import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findByUser } from '../../src/chat/chat.repo.js';
import { buildServer } from '../../src/server/app.js';
import { eraseTravelers, findTravelerByKakaoKey } from '../../src/travelers/index.js';
import { countRows, forEachDialect } from '../support/db.js';
import { runCli } from '../support/process.js';
import { say } from './chat-helpers.js';

forEachDialect('stay registered from chat', (get) => {
  let app: FastifyInstance;
  const user = `export-user-${Date.now()}`;

  beforeAll(async () => {
    ({ app } = await buildServer(get().ctx));
    for (const text of [
      '체류지 등록',
      '태국',
      '방콕',
      '2026-12-10',
      '2026-12-20',
      '+82 10 9876 5432',
      '동의',
    ]) {
      await say(app, user, text);
    }
  });
  afterAll(async () => app?.close());

  it('shows in abroad travelers export --json', async () => {
    const result = await runCli(['travelers', 'export', '--json'], get().env);
    expect(result.code, result.stderr).toBe(0);
    const rows = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const bangkok = rows.filter((row) =>
      row.stays.some((stay: any) => stay.placeName.includes('Bangkok') || stay.cityId === 1609350),
    );
    expect(bangkok).toHaveLength(1);
    expect(bangkok[0].stays[0]).toMatchObject({
      country: 'TH',
      startDate: '2026-12-10',
      endDate: '2026-12-20',
    });
    expect(bangkok[0].consentVersion).toBe('chat-consent-2026-12');
    expect(bangkok[0].kakaoUserKey).not.toBe(user);
  });

  it('erases the conversation with the traveler', async () => {
    const traveler = await findTravelerByKakaoKey(get().ctx, user);
    const conversation = await findByUser(get().ctx.db, 'kakao', user);
    expect(conversation?.travelerId).toBe(traveler!.id);
    const before = await countRows(get().ctx, 'chat_messages');

    await eraseTravelers(get().ctx, [traveler!.id], { kind: 'system', id: 'test' });
    expect(await findByUser(get().ctx.db, 'kakao', user)).toBeUndefined();
    expect(await countRows(get().ctx, 'chat_messages')).toBeLessThan(before);
  });

  it('lets a user stop all alerts from chat', async () => {
    const other = `${user}-stop`;
    for (const text of ['체류지 등록', '일본 오사카', '오늘', '2027-01-10', '건너뛰기', '동의'])
      await say(app, other, text);
    expect(await findTravelerByKakaoKey(get().ctx, other)).toBeDefined();
    await say(app, other, '알림 설정');
    const stopped = await say(app, other, '알림 모두 중단');
    expect(JSON.stringify(stopped)).toContain('알림을 중단했습니다');
    expect(await findTravelerByKakaoKey(get().ctx, other)).toBeUndefined();
  });
});
