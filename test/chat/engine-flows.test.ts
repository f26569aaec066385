import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getCase, listCases } from '../../src/cases/index.js';
import { findByUser } from '../../src/chat/chat.repo.js';
import { buildServer } from '../../src/server/app.js';
import { findTravelerByKakaoKey, listStays } from '../../src/travelers/index.js';
import { countRows, forEachDialect } from '../support/db.js';
import { staffToken } from '../support/staff.js';
import { quickLabels, say, shownText } from './chat-helpers.js';

let counter = 0;
const newUser = () => `flow-user-${++counter}-${Date.now()}`;

forEachDialect(
  'chat engine through the skill endpoint',
  (get) => {
    let app: FastifyInstance;

    beforeAll(async () => {
      ({ app } = await buildServer(get().ctx));
    });
    afterAll(async () => app?.close());

    it('greets an empty utterance with the main menu', async () => {
      const reply = await say(app, newUser(), '');
      expect(shownText(reply)).toContain('영사콜센터');
      expect(quickLabels(reply)).toEqual([
        '사건·사고 접수',
        '통역 서비스',
        '신속해외송금',
        '해외안전정보',
        '체류지 등록',
        '알림 설정',
        '상담원 연결',
        'English',
      ]);
    });

    it('answers a lost passport with passport help', async () => {
      const reply = await say(app, newUser(), '여권을 잃어버렸어요');
      const text = shownText(reply);
      expect(text).toContain('여행증명서');
      expect(text).toContain('긴급여권');
      expect(quickLabels(reply)).toContain('상담원 연결');
    });

    it('takes a kidnapping to the emergency path in one reply', async () => {
      const user = newUser();
      const reply = await say(app, user, '친구가 납치됐어요');
      expect(shownText(reply)).toContain('+82-2-3210-0404');
      expect(shownText(reply)).toContain('상담원을 바로 연결');

      const conversation = await findByUser(get().ctx.db, 'kakao', user);
      expect(conversation?.status).toBe('waiting');
      expect(conversation?.priority).toBe('urgent');
      const opened = await getCase(get().ctx.db, conversation!.caseId!);
      expect(opened.priority).toBe('urgent');
      expect(opened.kind).toBe('emergency');
      expect(opened.conversationId).toBe(conversation!.id);
    });

    it('recognises English emergencies too', async () => {
      const user = newUser();
      const reply = await say(app, user, 'My husband was arrested by the police');
      expect(shownText(reply)).toContain('+82-2-3210-0404');
      expect((await findByUser(get().ctx.db, 'kakao', user))?.priority).toBe('urgent');
    });

    it('offers an agent for an unknown question', async () => {
      const reply = await say(app, newUser(), '오늘 점심 메뉴 추천해 주세요');
      expect(shownText(reply)).toContain('상담원 연결');
      expect(quickLabels(reply)).toContain('상담원 연결');
    });

    it('files an incident report as a case', async () => {
      const user = newUser();
      await say(app, user, '사건·사고 접수');
      await say(app, user, '도난·강도');
      await say(app, user, '태국 방콕 카오산로드');
      await say(app, user, '어제 밤 가방을 날치기당했습니다');
      const done = await say(app, user, '+66 81 234 5678');
      expect(shownText(done)).toContain('접수번호');

      const conversation = await findByUser(get().ctx.db, 'kakao', user);
      const cases = await listCases(get().ctx.db, {});
      const filed = cases.find((item) => item.conversationId === conversation!.id)!;
      expect(filed.kind).toBe('incident');
      expect(filed.priority).toBe('high');
      expect(filed.missionCode).toBe('TH-BANGKOK-EMB');
      expect(filed.details).toMatchObject({ incidentType: 'theft', phone: '+66812345678' });
      expect(conversation!.flow).toBeNull();
    });

    it('asks again for a phone number it cannot read', async () => {
      const user = newUser();
      for (const text of ['사건·사고 접수', '분실', '파리', '카메라를 잃어버렸어요'])
        await say(app, user, text);
      const again = await say(app, user, '모르겠어요');
      expect(shownText(again)).toContain('전화번호를 알아보지 못했습니다');
      const done = await say(app, user, '이 채팅으로');
      expect(shownText(done)).toContain('접수번호');
    });

    it('takes an arrest chosen as incident type straight to a person', async () => {
      const user = newUser();
      await say(app, user, '사건·사고 접수');
      const reply = await say(app, user, '체포·구금');
      expect(shownText(reply)).toContain('+82-2-3210-0404');
      expect((await findByUser(get().ctx.db, 'kakao', user))?.status).toBe('waiting');
    });

    it('explains remittance rules and files an application', async () => {
      const user = newUser();
      const rules = await say(app, user, '신속해외송금');
      expect(shownText(rules)).toContain('3,000');
      expect(shownText(rules)).toContain('공관');
      await say(app, user, '신청 시작');
      await say(app, user, '분실·도난');
      await say(app, user, '베트남 하노이');
      const tooMuch = await say(app, user, '5000');
      expect(shownText(tooMuch)).toContain('3,000 이하');
      await say(app, user, '1,500');
      const done = await say(app, user, '010-1234-5678');
      expect(shownText(done)).toContain('접수번호');

      const conversation = await findByUser(get().ctx.db, 'kakao', user);
      const cases = await listCases(get().ctx.db, {});
      const filed = cases.find((item) => item.conversationId === conversation!.id)!;
      expect(filed.kind).toBe('remittance');
      expect(filed.details).toMatchObject({
        amountUsdCents: 150_000,
        familyPhone: '+821012345678',
      });
      expect(filed.missionCode).toMatch(/^VN-/);
    });

    it('explains interpretation scope and queues a request', async () => {
      const user = newUser();
      const intro = await say(app, user, '통역 서비스');
      expect(shownText(intro)).toContain('통역 불가');
      expect(quickLabels(intro)).toContain('베트남어');
      await say(app, user, '스페인어');
      await say(app, user, '병원');
      await say(app, user, '예, 함께 있어요');
      const before = await countRows(get().ctx, 'interpretation_requests');
      const done = await say(app, user, '+34 612 345 678');
      expect(shownText(done)).toContain('스페인어 통역을 요청했습니다');
      expect(await countRows(get().ctx, 'interpretation_requests')).toBe(before + 1);

      const agent = await staffToken(get().ctx, 'agent');
      const listed = await app.inject({
        method: 'GET',
        url: '/api/v1/interpretation-requests?language=es',
        headers: agent.headers,
      });
      expect(listed.statusCode).toBe(200);
      expect(listed.json().items.at(-1)).toMatchObject({
        language: 'es',
        situation: 'hospital',
        phone: '+34612345678',
        status: 'requested',
      });
    });

    it('declines interpretation when the other party is absent', async () => {
      const user = newUser();
      for (const text of ['통역 서비스', '영어', '경찰']) await say(app, user, text);
      const reply = await say(app, user, '아니요');
      expect(shownText(reply)).toContain('3자 통역이 어렵습니다');
    });

    it('answers travel safety with the snapshot date and the mission', async () => {
      const user = newUser();
      await say(app, user, '해외안전정보');
      const japan = await say(app, user, '일본');
      const text = shownText(japan);
      expect(text).toContain('기준일 2026-01-31');
      expect(text).toContain('3단계 출국권고');
      expect(text).toContain('주 일본 대한민국 대사관');
      expect(text).toContain('출처: 외교부');
    });

    it('says when the stored data does not cover a country', async () => {
      const user = newUser();
      await say(app, user, '해외안전정보');
      const thailand = shownText(await say(app, user, '태국'));
      expect(thailand).toContain('보관된 자료에 없습니다');
      expect(thailand).not.toContain('발령된 여행경보가 없습니다');
      expect(thailand).toContain('Thiam-Ruammit');
    });

    it('registers a stay in Bangkok from chat alone', async () => {
      const user = newUser();
      await say(app, user, '체류지 등록');
      await say(app, user, '태국');
      await say(app, user, '방콕');
      await say(app, user, '2026-12-10');
      await say(app, user, '2026-12-20');
      await say(app, user, '010-2345-6789');
      const done = await say(app, user, '동의');
      expect(shownText(done)).toContain('체류지를 등록했습니다');

      const traveler = await findTravelerByKakaoKey(get().ctx, user);
      expect(traveler).toBeDefined();
      const stays = await listStays(get().ctx, traveler!.id);
      expect(stays).toHaveLength(1);
      expect(stays[0]).toMatchObject({
        country: 'TH',
        cityId: 1609350,
        startDate: '2026-12-10',
        endDate: '2026-12-20',
        missionCode: 'TH-BANGKOK-EMB',
      });
      const conversation = await findByUser(get().ctx.db, 'kakao', user);
      expect(conversation?.travelerId).toBe(traveler!.id);
    });

    it('registers nothing without consent', async () => {
      const user = newUser();
      for (const text of ['체류지 등록', '방콕', '오늘', '2027-01-05', '건너뛰기'])
        await say(app, user, text);
      const declined = await say(app, user, '동의 안 함');
      expect(shownText(declined)).toContain('등록하지 않았습니다');
      expect(await findTravelerByKakaoKey(get().ctx, user)).toBeUndefined();
    });

    it('rejects an end date before the start date', async () => {
      const user = newUser();
      for (const text of ['체류지 등록', '일본 오사카', '2026-12-10']) await say(app, user, text);
      const reply = await say(app, user, '2026-12-01');
      expect(shownText(reply)).toContain('종료일이 시작일보다 빠릅니다');
    });

    it('lists and ends a stay from alert settings', async () => {
      const user = newUser();
      for (const text of [
        '체류지 등록',
        '베트남 다낭',
        '2026-12-10',
        '2026-12-12',
        '건너뛰기',
        '동의',
      ]) {
        await say(app, user, text);
      }
      const settings = await say(app, user, '알림 설정');
      expect(shownText(settings)).toContain('2026-12-10 ~ 2026-12-12');
      const ended = await say(app, user, '체류 종료');
      expect(shownText(ended)).toContain('체류를 종료했습니다');
      const traveler = await findTravelerByKakaoKey(get().ctx, user);
      expect(await listStays(get().ctx, traveler!.id)).toHaveLength(0);
    });

    it('switches to English and back', async () => {
      const user = newUser();
      const english = await say(app, user, 'English');
      expect(shownText(english)).toContain('We will continue in English');
      expect(quickLabels(english)).toContain('Talk to agent');
      const passport = await say(app, user, 'I lost my passport');
      expect(shownText(passport)).toContain('travel certificate');
      const korean = await say(app, user, '한국어');
      expect(shownText(korean)).toContain('한국어로 안내합니다');
    });

    it('cancels a flow on request', async () => {
      const user = newUser();
      await say(app, user, '신속해외송금');
      const cancelled = await say(app, user, '취소');
      expect(shownText(cancelled)).toContain('취소했습니다');
      expect((await findByUser(get().ctx.db, 'kakao', user))?.flow).toBeNull();
    });

    it('routes a need-help check-in answer to a person', async () => {
      const user = newUser();
      const reply = await say(app, user, '도움이 필요합니다');
      expect(shownText(reply)).toContain('+82-2-3210-0404');
      const conversation = await findByUser(get().ctx.db, 'kakao', user);
      expect(conversation?.status).toBe('waiting');
      expect(conversation?.priority).toBe('urgent');
      const safe = await say(app, newUser(), '안전합니다');
      expect(shownText(safe)).toContain('응답을 기록했습니다');
    });
  },
  { ABROAD_KAKAO_CALLBACK_HOSTS: '127.0.0.1' },
);
