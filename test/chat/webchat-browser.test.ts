import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.js';
import { createTestContext, type TestContext } from '../support/db.js';
import { staffToken } from '../support/staff.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
if (!haveChromium)
  console.warn(`no Chromium at ${chromiumPath}: the web chat browser test is skipped`);

// The page is the same on both databases, so this runs on SQLite only.
describe.skipIf(!haveChromium)('web chat page in Chromium', () => {
  let test: TestContext;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base = '';

  beforeAll(async () => {
    test = await createTestContext('sqlite');
    ({ app } = await buildServer(test.ctx));
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await test?.cleanup();
  });

  it('reports a lost passport, asks for an agent and shows the agent reply', async () => {
    await page.goto(`${base}/chat`);
    await expect.poll(() => page.locator('.msg.bot').first().textContent()).toContain('영사콜센터');

    await page.fill('#input', '여권을 잃어버렸어요');
    await page.click('#send');
    await page.locator('.msg.bot', { hasText: '여행증명서' }).waitFor();

    await page.locator('#quick button', { hasText: '상담원 연결' }).click();
    await page.locator('.msg.bot', { hasText: '상담원 연결을 요청했습니다' }).waitFor();

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

    const reply = page.locator('.msg.agent');
    await reply.waitFor({ timeout: 10_000 });
    expect(await reply.textContent()).toBe('상담원 박지민입니다. 지금 계신 도시를 알려 주세요.');
  });

  it('draws skill responses in simulator mode', async () => {
    await page.check('#simulator');
    await page.locator('#quick button').first().waitFor();
    await page.fill('#input', '친구가 납치됐어요');
    await page.click('#send');
    await page.locator('.card a[href="tel:+82232100404"]').waitFor();
    expect(await page.locator('.msg.bot').last().textContent()).toContain('+82-2-3210-0404');
  });
});
