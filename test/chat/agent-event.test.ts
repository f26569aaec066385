import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findByUser } from '../../src/chat/chat.repo.js';
import { buildServer } from '../../src/server/app.js';
import { createTestContext, testDialects, type TestContext } from '../support/db.js';
import { startFakeProviders, type FakeProviders } from '../support/fake-providers/server.js';
import { staffToken } from '../support/staff.js';
import { say, shownText } from './chat-helpers.js';

for (const dialect of testDialects()) {
  describe(`agent replies through the Kakao Event API [${dialect}]`, () => {
    let fake: FakeProviders;
    let test: TestContext;
    let app: FastifyInstance;

    beforeAll(async () => {
      fake = await startFakeProviders();
      test = await createTestContext(dialect, {
        ABROAD_KAKAO_EVENT_BOT_ID: 'bot-test',
        ABROAD_KAKAO_EVENT_REST_API_KEY: 'rest-key-test',
        ABROAD_KAKAO_EVENT_BASE_URL: fake.url,
      });
      ({ app } = await buildServer(test.ctx));
    });
    afterAll(async () => {
      await app?.close();
      await test?.cleanup();
      await fake?.close();
    });

    it('sends the reply as an event and does not repeat it', async () => {
      const user = `event-user-${Date.now()}`;
      await say(app, user, '상담원 연결');
      const conversation = (await findByUser(test.ctx.db, 'kakao', user))!;
      const agent = await staffToken(test.ctx, 'agent');

      const sent = await app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversation.id}/messages`,
        headers: agent.headers,
        payload: { text: '영사콜센터 상담원입니다.' },
      });
      expect(sent.statusCode).toBe(201);
      expect(sent.json().deliveredAt).not.toBeNull();

      const events = fake.records('kakao-event');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ recipient: user, text: '영사콜센터 상담원입니다.' });

      const next = await say(app, user, '감사합니다');
      expect(shownText(next)).not.toContain('영사콜센터 상담원입니다.');
    });
  });
}
