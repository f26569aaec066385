import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.js';
import { createTestContext, type TestContext } from '../support/db.js';
import { staffToken } from '../support/staff.js';
import { Browser, haveChromium } from './browser.js';

if (!haveChromium)
  console.warn('chromium not found at /usr/bin/chromium: the web chat browser test is skipped');

// The page is the same on both databases, so this runs on SQLite only.
describe.skipIf(!haveChromium)('web chat page in Chromium', () => {
  let test: TestContext;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    test = await createTestContext('sqlite');
    ({ app } = await buildServer(test.ctx));
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    browser = await Browser.launch();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await test?.cleanup();
  });

  const lastBot = `[...document.querySelectorAll('.msg.bot')].map((node) => node.textContent).join('\\n')`;

  it('reports a lost passport, asks for an agent and shows the agent reply', async () => {
    await browser.open(`${base}/chat`);
    await browser.waitFor(`document.querySelector('.msg.bot')`);
    expect(await browser.evaluate<string>(lastBot)).toContain('영사콜센터');

    await browser.type('#input', '여권을 잃어버렸어요');
    await browser.click('#send');
    await browser.waitFor(`(${lastBot}).includes('여행증명서')`);

    await browser.waitFor(
      `[...document.querySelectorAll('#quick button')].some((b) => b.textContent === '상담원 연결')`,
    );
    await browser.evaluate(
      `[...document.querySelectorAll('#quick button')].find((b) => b.textContent === '상담원 연결').click()`,
    );
    await browser.waitFor(`(${lastBot}).includes('상담원 연결을 요청했습니다')`);

    const agent = await staffToken(test.ctx, 'agent');
    const queue = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations?view=waiting',
      headers: agent.headers,
    });
    const waiting = queue
      .json()
      .items.filter((item: { channel: string }) => item.channel === 'web');
    expect(waiting).toHaveLength(1);
    const sent = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${waiting[0].id}/messages`,
      headers: agent.headers,
      payload: { text: '상담원 박지민입니다. 지금 계신 도시를 알려 주세요.' },
    });
    expect(sent.statusCode).toBe(201);

    await browser.waitFor(`document.querySelector('.msg.agent')`, 10_000);
    expect(await browser.evaluate<string>(`document.querySelector('.msg.agent').textContent`)).toBe(
      '상담원 박지민입니다. 지금 계신 도시를 알려 주세요.',
    );
  });

  it('draws skill responses in simulator mode', async () => {
    await browser.evaluate(
      `(() => { const box = document.querySelector('#simulator'); box.checked = true; box.dispatchEvent(new Event('change')); })()`,
    );
    await browser.waitFor(`document.querySelector('#quick button')`);
    await browser.type('#input', '친구가 납치됐어요');
    await browser.click('#send');
    await browser.waitFor(
      `[...document.querySelectorAll('.card a')].some((a) => a.getAttribute('href') === 'tel:+82232100404')`,
    );
  });
});
