import { createServer, type IncomingMessage, type Server } from 'node:http';
import { once } from 'node:events';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSkillRoutes, defaultSkillOptions } from '../../src/channels/kakao/skill.routes.js';
import { validateSkillResponse } from '../../src/channels/kakao/skill-response.js';
import { callbackAllowed } from '../../src/channels/kakao/skill-callback.js';
import { buildServer } from '../../src/server/app.js';
import { ApiRouter } from '../../src/server/router.js';
import { forEachDialect } from '../support/db.js';
import {
  kakaoFixturesDir,
  readKakaoFixture,
  skillPayload,
  skillRequestFixtures,
} from './skill-fixtures.js';

function expectValid(body: unknown) {
  const checked = validateSkillResponse(body);
  expect(checked.ok ? [] : checked.problems).toEqual([]);
}

function textOf(body: any): string {
  return (body.template?.outputs ?? [])
    .map((output: any) => output.simpleText?.text ?? '')
    .join('\n');
}

forEachDialect(
  'skill endpoint',
  (get) => {
    let app: FastifyInstance;

    beforeAll(async () => {
      ({ app } = await buildServer(get().ctx));
    });
    afterAll(async () => app?.close());

    const post = (payload: unknown, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url: '/kakao/skill',
        headers: { 'content-type': 'application/json', ...headers },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });

    describe.skipIf(!kakaoFixturesDir)('real payloads', () => {
      it.each(skillRequestFixtures)('answers %s with a valid reply', async (name) => {
        const response = await post(readKakaoFixture(name));
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toContain('application/json');
        expectValid(response.json());
        expect(response.json().useCallback).toBeUndefined();
      });
    });

    it('answers a request with unknown fields', async () => {
      const payload = skillPayload('여권을 잃어버렸어요') as any;
      payload.somethingNew = { nested: [1, { deeper: true }] };
      payload.userRequest.user.properties.brandNewKey = 'x';
      payload.flow = { trigger: { type: 'TEXT_INPUT' }, lastBlock: { id: 'b', name: 'n' } };
      const response = await post(payload);
      expect(response.statusCode).toBe(200);
      expectValid(response.json());
      expect(textOf(response.json())).toContain('여권');
    });

    it('answers lang null, an empty and a 5,000-character utterance', async () => {
      const nullLang = skillPayload('안녕하세요') as any;
      nullLang.userRequest.lang = null;
      for (const payload of [nullLang, skillPayload(''), skillPayload('가'.repeat(5000))]) {
        const response = await post(payload);
        expect(response.statusCode).toBe(200);
        expectValid(response.json());
      }
    });

    it('answers malformed bodies with a valid reply', async () => {
      for (const body of ['{not json', '', 'null', '[]', JSON.stringify({ userRequest: {} })]) {
        const response = await post(body);
        expect(response.statusCode, body).toBe(200);
        expectValid(response.json());
      }
      const text = await app.inject({
        method: 'POST',
        url: '/kakao/skill',
        headers: { 'content-type': 'text/plain' },
        payload: JSON.stringify(skillPayload('hello')),
      });
      expect(text.statusCode).toBe(200);
      expectValid(text.json());
    });

    it('limits a user key and still answers with a valid reply', async () => {
      const userKey = `burst-${Date.now()}`;
      const answers = [];
      for (let index = 0; index < defaultSkillOptions.rateLimit.burst + 2; index += 1) {
        answers.push((await post(skillPayload('안녕', { userKey }))).json());
      }
      for (const answer of answers) expectValid(answer);
      expect(textOf(answers.at(-1))).toContain('너무 빨리');
      const other = await post(skillPayload('안녕', { userKey: `${userKey}-other` }));
      expect(textOf(other.json())).not.toContain('너무 빨리');
    });

    it('ignores a callback URL outside the allowed hosts', async () => {
      const payload = skillPayload('여권', { callbackUrl: 'https://evil.example/callback/x' });
      const response = await post(payload);
      expect(response.json().useCallback).toBeUndefined();
      expectValid(response.json());
    });
  },
  { ABROAD_KAKAO_CALLBACK_HOSTS: '127.0.0.1' },
);

forEachDialect(
  'skill endpoint behind a secret path',
  (get) => {
    let app: FastifyInstance;
    const secret = 'k4k40-skill-s3cret-value';

    beforeAll(async () => {
      ({ app } = await buildServer(get().ctx));
    });
    afterAll(async () => app?.close());

    it('serves only /kakao/skill/<secret>', async () => {
      const payload = skillPayload('안녕하세요');
      const right = await app.inject({ method: 'POST', url: `/kakao/skill/${secret}`, payload });
      expect(right.statusCode).toBe(200);
      expectValid(right.json());
      for (const url of ['/kakao/skill', '/kakao/skill/wrong-secret', `/kakao/skill/${secret}/x`]) {
        const wrong = await app.inject({ method: 'POST', url, payload });
        expect(wrong.statusCode, url).toBe(404);
      }
    });
  },
  { ABROAD_KAKAO_SKILL_SECRET: 'k4k40-skill-s3cret-value' },
);

forEachDialect(
  'skill endpoint callback',
  (get) => {
    let app: FastifyInstance;
    let kakao: Server;
    let kakaoPort = 0;
    const received: Array<{ url: string; body: any; contentType: string }> = [];

    beforeAll(async () => {
      kakao = createServer(async (request: IncomingMessage, response) => {
        let body = '';
        for await (const chunk of request) body += chunk;
        received.push({
          url: request.url ?? '',
          body: JSON.parse(body),
          contentType: String(request.headers['content-type']),
        });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ taskId: 'task-1', status: 'SUCCESS', message: 'OK' }));
      });
      kakao.listen(0, '127.0.0.1');
      await once(kakao, 'listening');
      kakaoPort = (kakao.address() as { port: number }).port;

      app = Fastify();
      const router = new ApiRouter(app, get().ctx);
      // Every turn counts as slow, so each request with a callback URL takes the callback path.
      await registerSkillRoutes(router, { ...defaultSkillOptions, callbackAfterMs: 0 });
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      kakao?.close();
    });

    it('acknowledges with useCallback and posts the reply once', async () => {
      const callbackUrl = `http://127.0.0.1:${kakaoPort}/v1/bots/b/callback/token-1`;
      const response = await app.inject({
        method: 'POST',
        url: '/kakao/skill',
        payload: skillPayload('여권을 잃어버렸어요', { callbackUrl }),
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ version: '2.0', useCallback: true });
      expectValid(response.json());

      const deadline = Date.now() + 5000;
      while (received.length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 100));
      expect(received).toHaveLength(1);
      expect(received[0].url).toBe('/v1/bots/b/callback/token-1');
      expect(received[0].contentType).toContain('application/json');
      expectValid(received[0].body);
      expect(textOf(received[0].body)).toContain('여권');
    });
  },
  { ABROAD_KAKAO_CALLBACK_HOSTS: '127.0.0.1' },
);

describe('callback host check', () => {
  const kakaoHosts = ['bot-api.kakao.com'];

  it('allows HTTPS to a listed host', () => {
    expect(callbackAllowed('https://bot-api.kakao.com/v1/bots/x/callback/y', kakaoHosts)).toBe(
      true,
    );
  });

  it.each([
    'http://bot-api.kakao.com/v1/bots/x/callback/y',
    'https://bot-api.kakao.com.evil.example/cb',
    'https://user:pass@bot-api.kakao.com/cb',
    'https://169.254.169.254/latest',
    'file:///etc/passwd',
    'not a url',
  ])('rejects %s', (url) => {
    expect(callbackAllowed(url, kakaoHosts)).toBe(false);
  });

  it('allows plain HTTP only to a listed loopback host', () => {
    expect(callbackAllowed('http://127.0.0.1:8080/cb', ['127.0.0.1'])).toBe(true);
    expect(callbackAllowed('http://10.0.0.1/cb', ['10.0.0.1'])).toBe(false);
  });
});
