import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSkillOptions, registerSkillRoutes } from '../../src/channels/kakao/skill.routes.js';
import { validateSkillResponse } from '../../src/channels/kakao/skill-response.js';
import { findByUser, listMessages } from '../../src/chat/chat.repo.js';
import { handleMessage } from '../../src/chat/index.js';
import { ApiRouter } from '../../src/server/router.js';
import { createTestContext, postgresUrl, type TestContext } from '../support/db.js';
import { skillPayload } from './skill-fixtures.js';

// A turn is made slow for real by a second PostgreSQL session that holds the conversation's
// row lock; SQLite's driver blocks the whole process instead, so this runs on PostgreSQL only.
describe.skipIf(!postgresUrl)('skill endpoint with a slow turn [postgres]', () => {
  let test: TestContext;
  let app: FastifyInstance;
  let kakao: Server;
  let kakaoPort = 0;
  const received: unknown[] = [];

  beforeAll(async () => {
    test = await createTestContext('postgres', { ABROAD_KAKAO_CALLBACK_HOSTS: '127.0.0.1' });
    kakao = createServer(async (request, response) => {
      let body = '';
      for await (const chunk of request) body += chunk;
      received.push(JSON.parse(body));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ taskId: 't', status: 'SUCCESS' }));
    });
    kakao.listen(0, '127.0.0.1');
    await once(kakao, 'listening');
    kakaoPort = (kakao.address() as { port: number }).port;

    app = Fastify();
    const router = new ApiRouter(app, test.ctx);
    await registerSkillRoutes(router, {
      ...defaultSkillOptions,
      callbackAfterMs: 300,
      deadlineMs: 300,
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    kakao?.close();
    await test?.cleanup();
  });

  /** Locks the row of a user's conversation from another session; `released` ends after `ms`. */
  async function lockConversation(user: string, ms: number) {
    await handleMessage(test.ctx, { channel: 'kakao', userKey: user, text: '' });
    const conversation = (await findByUser(test.ctx.db, 'kakao', user))!;
    const client = new pg.Client({
      connectionString: postgresUrl,
      options: `-c search_path=${test.env.ABROAD_DB_SCHEMA}`,
    });
    await client.connect();
    await client.query('begin');
    await client.query('select id from conversations where id = $1 for update', [conversation.id]);
    const released = new Promise<void>((done) =>
      setTimeout(async () => {
        await client.query('commit');
        await client.end();
        done();
      }, ms),
    );
    return { released };
  }

  it('answers before the deadline and finishes the turn later', async () => {
    const user = `slow-${Date.now()}`;
    const { released } = await lockConversation(user, 1500);
    const started = Date.now();
    const response = await app.inject({
      method: 'POST',
      url: '/kakao/skill',
      payload: skillPayload('여권을 잃어버렸어요', { userKey: user }),
    });
    expect(Date.now() - started).toBeLessThan(1200);
    expect(response.statusCode).toBe(200);
    expect(validateSkillResponse(response.json()).ok).toBe(true);
    expect(JSON.stringify(response.json())).toContain('늦어지고');
    await released;

    const conversation = (await findByUser(test.ctx.db, 'kakao', user))!;
    let texts: string[] = [];
    for (let tries = 0; tries < 50 && texts.length < 3; tries += 1) {
      await new Promise((r) => setTimeout(r, 50));
      texts = (await listMessages(test.ctx.db, conversation.id)).map((message) => message.text);
    }
    // The first message is the greeting of the turn that opened the conversation.
    expect(texts[1]).toBe('여권을 잃어버렸어요');
    expect(texts[2]).toContain('여행증명서');
  });

  it('switches to the callback when the turn is slow', async () => {
    const user = `slow-cb-${Date.now()}`;
    const { released } = await lockConversation(user, 1500);
    const callbackUrl = `http://127.0.0.1:${kakaoPort}/v1/bots/b/callback/slow`;
    const response = await app.inject({
      method: 'POST',
      url: '/kakao/skill',
      payload: skillPayload('여권을 잃어버렸어요', { userKey: user, callbackUrl }),
    });
    expect(response.json()).toMatchObject({ version: '2.0', useCallback: true });
    await released;
    const deadline = Date.now() + 5000;
    while (received.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(received).toHaveLength(1);
    expect(validateSkillResponse(received[0]).ok).toBe(true);
    expect(JSON.stringify(received[0])).toContain('여행증명서');
  });
});
