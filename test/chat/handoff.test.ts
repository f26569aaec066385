import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listAudit } from '../../src/audit/index.js';
import { findByUser } from '../../src/chat/chat.repo.js';
import { buildServer } from '../../src/server/app.js';
import { forEachDialect } from '../support/db.js';
import { staffToken } from '../support/staff.js';
import { say, shownText } from './chat-helpers.js';

forEachDialect('hand-off to agents', (get) => {
  let app: FastifyInstance;
  let agent: Awaited<ReturnType<typeof staffToken>>;
  let otherAgent: Awaited<ReturnType<typeof staffToken>>;
  let admin: Awaited<ReturnType<typeof staffToken>>;

  beforeAll(async () => {
    ({ app } = await buildServer(get().ctx));
    agent = await staffToken(get().ctx, 'agent');
    otherAgent = await staffToken(get().ctx, 'agent');
    admin = await staffToken(get().ctx, 'admin');
  });
  afterAll(async () => app?.close());

  async function waitingConversation(user: string) {
    await say(app, user, '상담원 연결');
    return (await findByUser(get().ctx.db, 'kakao', user))!;
  }

  it('queues a request for an agent and lists it as waiting', async () => {
    const user = `handoff-${Date.now()}-1`;
    const conversation = await waitingConversation(user);
    expect(conversation.status).toBe('waiting');
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations?view=waiting',
      headers: agent.headers,
    });
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((entry: any) => entry.id === conversation.id);
    expect(item).toMatchObject({ status: 'waiting', priority: 'normal', channel: 'kakao' });
    expect(JSON.stringify(list.json())).not.toContain(user);
  });

  it('lists urgent conversations before normal ones', async () => {
    await waitingConversation(`handoff-${Date.now()}-normal`);
    await say(app, `handoff-${Date.now()}-urgent`, '폭행을 당했어요');
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations?view=waiting',
      headers: agent.headers,
    });
    expect(list.json().items[0].priority).toBe('urgent');
  });

  it('keeps the bot silent while an agent has the conversation', async () => {
    const user = `handoff-${Date.now()}-2`;
    const conversation = await waitingConversation(user);
    const claim = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/claim`,
      headers: agent.headers,
    });
    expect(claim.statusCode).toBe(200);
    expect(claim.json()).toMatchObject({ status: 'agent', agentId: agent.id });

    const silent = await say(app, user, '여권을 잃어버렸어요');
    expect(shownText(silent)).toBe('(상담원에게 전달됨)');
    expect(silent.template?.quickReplies).toBeUndefined();
    const read = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversation.id}`,
      headers: agent.headers,
    });
    expect(read.json().messages.at(-1)).toMatchObject({
      author: 'user',
      text: '여권을 잃어버렸어요',
    });
  });

  it('delivers an agent reply with the next skill answer and returns to the bot on close', async () => {
    const user = `handoff-${Date.now()}-3`;
    const conversation = await waitingConversation(user);
    const sent = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: agent.headers,
      payload: { text: '안녕하세요, 상담원입니다. 어디에 계신가요?' },
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json().deliveredAt).toBeNull();

    const next = await say(app, user, '방콕 호텔에 있어요');
    expect(shownText(next)).toContain('[상담원] 안녕하세요, 상담원입니다.');

    const closed = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/close`,
      headers: agent.headers,
      payload: { note: 'resolved' },
    });
    expect(closed.statusCode).toBe(200);
    const back = await say(app, user, '여권을 잃어버렸어요');
    expect(shownText(back)).toContain('상담이 종료되었습니다');
    expect(shownText(back)).toContain('여행증명서');

    const actions = (
      await listAudit(get().ctx.db, { entityType: 'conversation', entityId: conversation.id })
    ).map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'conversation.handoff',
        'conversation.claim',
        'conversation.reply',
        'conversation.close',
      ]),
    );
  });

  it('stops another agent from taking or closing a conversation', async () => {
    const conversation = await waitingConversation(`handoff-${Date.now()}-4`);
    await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/claim`,
      headers: agent.headers,
    });
    const take = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/claim`,
      headers: otherAgent.headers,
    });
    expect(take.statusCode).toBe(409);
    const close = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/close`,
      headers: otherAgent.headers,
      payload: {},
    });
    expect(close.statusCode).toBe(403);
    const adminTake = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/claim`,
      headers: admin.headers,
    });
    expect(adminTake.json().agentId).toBe(admin.id);
  });

  it('lists the caller own conversations', async () => {
    const conversation = await waitingConversation(`handoff-${Date.now()}-5`);
    await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/claim`,
      headers: otherAgent.headers,
    });
    const mine = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations?view=mine',
      headers: otherAgent.headers,
    });
    expect(mine.json().items.map((item: any) => item.id)).toContain(conversation.id);
    const theirs = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations?view=mine',
      headers: agent.headers,
    });
    expect(theirs.json().items.map((item: any) => item.id)).not.toContain(conversation.id);
  });

  it('rejects an empty reply and a conversation with the bot', async () => {
    const user = `handoff-${Date.now()}-6`;
    await say(app, user, '안녕하세요');
    const conversation = (await findByUser(get().ctx.db, 'kakao', user))!;
    const empty = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: agent.headers,
      payload: { text: '  ' },
    });
    expect(empty.statusCode).toBe(400);
    const withBot = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: agent.headers,
      payload: { text: 'hi' },
    });
    expect(withBot.statusCode).toBe(409);
    const missing = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations/nope',
      headers: agent.headers,
    });
    expect(missing.statusCode).toBe(404);
  });

  it('lets the user withdraw a request nobody took', async () => {
    const user = `handoff-${Date.now()}-8`;
    const conversation = await waitingConversation(user);
    const withdrawn = await say(app, user, '취소');
    expect(shownText(withdrawn)).toContain('요청을 취소했습니다');
    expect((await findByUser(get().ctx.db, 'kakao', user))?.status).toBe('bot');
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations?view=waiting',
      headers: agent.headers,
    });
    expect(list.json().items.map((item: any) => item.id)).not.toContain(conversation.id);
  });

  it('raises the priority when the user writes an emergency while waiting', async () => {
    const user = `handoff-${Date.now()}-7`;
    await waitingConversation(user);
    const reply = await say(app, user, '지금 불이 났어요');
    expect(shownText(reply)).toContain('+82-2-3210-0404');
    expect((await findByUser(get().ctx.db, 'kakao', user))?.priority).toBe('urgent');
  });
});
