import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.js';
import { forEachDialect } from '../support/db.js';
import { staffToken } from '../support/staff.js';

forEachDialect('web chat', (get) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ app } = await buildServer(get().ctx));
  });
  afterAll(async () => app?.close());

  async function session() {
    const created = await app.inject({ method: 'POST', url: '/chat/api/sessions', payload: {} });
    expect(created.statusCode).toBe(201);
    return { 'x-chat-session': created.json().token as string };
  }

  const send = (headers: Record<string, string>, text: string) =>
    app.inject({ method: 'POST', url: '/chat/api/messages', headers, payload: { text } });

  it('serves the page and its script', async () => {
    const page = await app.inject({ method: 'GET', url: '/chat' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('/chat/app.js');
    const script = await app.inject({ method: 'GET', url: '/chat/app.js' });
    expect(script.headers['content-type']).toContain('javascript');
  });

  it('answers with the same engine as KakaoTalk', async () => {
    const headers = await session();
    await send(headers, '여권을 잃어버렸어요');
    const read = await app.inject({ method: 'GET', url: '/chat/api/messages', headers });
    const messages = read.json().messages;
    expect(messages[0]).toMatchObject({ author: 'user', text: '여권을 잃어버렸어요' });
    expect(messages[1].author).toBe('bot');
    expect(messages[1].text).toContain('여행증명서');
    expect(messages[1].reply.options.map((option: any) => option.label)).toContain('상담원 연결');
  });

  it('shows an agent reply sent through the API', async () => {
    const headers = await session();
    const asked = await send(headers, '상담원 연결');
    expect(asked.json().status).toBe('waiting');
    const agent = await staffToken(get().ctx, 'agent');
    const queue = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations?view=waiting',
      headers: agent.headers,
    });
    const id = queue.json().items.find((item: any) => item.channel === 'web').id;

    const before = await app.inject({ method: 'GET', url: '/chat/api/messages', headers });
    const lastId = before.json().messages.at(-1).id;
    await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${id}/messages`,
      headers: agent.headers,
      payload: { text: '상담원 이수진입니다.' },
    });
    const after = await app.inject({
      method: 'GET',
      url: `/chat/api/messages?after=${lastId}`,
      headers,
    });
    expect(after.json().messages).toHaveLength(1);
    expect(after.json().messages[0]).toMatchObject({
      author: 'agent',
      text: '상담원 이수진입니다.',
    });

    const read = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${id}`,
      headers: agent.headers,
    });
    expect(read.json().messages.at(-1).deliveredAt).not.toBeNull();
  });

  it('rejects a missing or malformed session token', async () => {
    const none = await app.inject({
      method: 'POST',
      url: '/chat/api/messages',
      payload: { text: 'hi' },
    });
    expect(none.statusCode).toBe(401);
    const bad = await app.inject({
      method: 'GET',
      url: '/chat/api/messages',
      headers: { 'x-chat-session': 'short' },
    });
    expect(bad.statusCode).toBe(401);
  });

  it('limits one address', async () => {
    const headers = await session();
    const statuses = [];
    for (let index = 0; index < 30; index += 1) {
      statuses.push(
        (
          await app.inject({
            method: 'GET',
            url: '/chat/api/messages',
            headers,
            remoteAddress: '203.0.113.9',
          })
        ).statusCode,
      );
    }
    expect(statuses).toContain(429);
    const elsewhere = await app.inject({
      method: 'GET',
      url: '/chat/api/messages',
      headers,
      remoteAddress: '203.0.113.10',
    });
    expect(elsewhere.statusCode).toBe(200);
  });
});

forEachDialect('web chat stay registration', (get) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ app } = await buildServer(get().ctx));
  });
  afterAll(async () => app?.close());

  it('registers a stay for a web visitor and lists it in alert settings', async () => {
    const created = await app.inject({ method: 'POST', url: '/chat/api/sessions', payload: {} });
    const headers = { 'x-chat-session': created.json().token as string };
    const steps = [
      '체류지 등록',
      '베트남 하노이',
      '2026-12-10',
      '2026-12-15',
      '+84 91 234 56 78',
      '동의',
    ];
    for (const text of steps) {
      const sent = await app.inject({
        method: 'POST',
        url: '/chat/api/messages',
        headers,
        payload: { text },
      });
      expect(sent.statusCode, text).toBe(200);
    }
    await app.inject({
      method: 'POST',
      url: '/chat/api/messages',
      headers,
      payload: { text: '알림 설정' },
    });
    const read = await app.inject({ method: 'GET', url: '/chat/api/messages', headers });
    const texts = read.json().messages.map((message: { text: string }) => message.text);
    expect(texts.some((text: string) => text.includes('체류지를 등록했습니다'))).toBe(true);
    expect(texts.at(-1)).toContain('2026-12-10 ~ 2026-12-15');
  });
});
