import type { FastifyInstance } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { handleNewVersion } from '../../src/alerts/lifecycle.js';
import { useSenders } from '../../src/alerts/senders.js';
import { buildServer } from '../../src/server/app.js';
import { forEachDialect } from '../support/db.js';
import { staffToken } from '../support/staff.js';
import { circleEvent, places, travelerAt, versionOf } from './fixtures.js';
import { TestSender } from './test-sender.js';

forEachDialect('alerts API', (get) => {
  let app: FastifyInstance;
  let officer: { authorization: string };
  let agent: { authorization: string };

  beforeAll(async () => {
    const { ctx } = get();
    useSenders(ctx, [new TestSender('alimtalk')]);
    app = (await buildServer(ctx)).app;
    officer = (await staffToken(ctx, 'alert-officer')).headers;
    agent = (await staffToken(ctx, 'agent')).headers;
  });

  async function draft() {
    const { ctx } = get();
    await travelerAt(ctx, places.tokyo);
    const event = circleEvent(places.tokyo, { severity: 'moderate' });
    return (await handleNewVersion(ctx, versionOf(event)))!;
  }

  it('lists alerts with counts for staff', async () => {
    const alert = await draft();
    const response = await app.inject({ method: 'GET', url: '/api/v1/alerts', headers: agent });
    expect(response.statusCode).toBe(200);
    const listed = response.json().items.find((item: { id: string }) => item.id === alert.id);
    expect(listed.status).toBe('draft');
    expect(listed.counts.targeted).toBeGreaterThanOrEqual(1);
  });

  it('lets only officers approve', async () => {
    const alert = await draft();
    const url = `/api/v1/alerts/${alert.id}/approve`;
    expect((await app.inject({ method: 'POST', url, headers: agent })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url })).statusCode).toBe(401);
    const approved = await app.inject({ method: 'POST', url, headers: officer });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('sending');
    const again = await app.inject({ method: 'POST', url, headers: officer });
    expect(again.statusCode).toBe(409);
  });

  it('edits a draft and reports every invalid field', async () => {
    const alert = await draft();
    const url = `/api/v1/alerts/${alert.id}`;
    const bad = await app.inject({
      method: 'PATCH',
      url,
      headers: officer,
      payload: {
        variables: { area: 'Much too long an area name', colour: 'red' },
        smsText: '지진 😀 #{link}',
      },
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad
      .json()
      .errors.map((error: { field: string }) => error.field)
      .sort();
    expect(fields).toEqual(['body.smsText', 'body.variables.area', 'body.variables.colour']);

    const good = await app.inject({
      method: 'PATCH',
      url,
      headers: officer,
      payload: { variables: { area: '도쿄 23구' }, smsText: '[외교부] 도쿄 지진. 응답: #{link}' },
    });
    expect(good.statusCode).toBe(200);
    expect(good.json().variables).toEqual({ area: '도쿄 23구' });

    const preview = await app.inject({ method: 'GET', url: `${url}/preview`, headers: agent });
    expect(preview.statusCode).toBe(200);
    const [first] = preview.json().previews;
    expect(first.message.text).toContain('도쿄 23구');
    expect(first.message.phone).toBeUndefined();
  });

  it('rejects a draft and halts a send', async () => {
    const rejected = await draft();
    const reject = await app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${rejected.id}/reject`,
      headers: officer,
      payload: { note: 'local authorities lifted it' },
    });
    expect(reject.json().status).toBe('rejected');

    const sending = await draft();
    await app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${sending.id}/approve`,
      headers: officer,
    });
    const halt = await app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${sending.id}/halt`,
      headers: officer,
    });
    expect(halt.statusCode).toBe(200);
    expect(halt.json().alert.status).toBe('halted');
  });
});
