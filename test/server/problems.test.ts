import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.js';
import { countRows, forEachDialect } from '../support/db.js';
import { staffToken } from '../support/staff.js';

forEachDialect('problem responses', (get) => {
  let app: FastifyInstance;
  let admin: Record<string, string>;

  beforeAll(async () => {
    ({ app } = await buildServer(get().ctx));
    admin = (await staffToken(get().ctx, 'admin')).headers;
  });
  afterAll(async () => app?.close());

  it('lists all three invalid fields in one response', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: admin,
      payload: { email: 'not-an-address', role: 'janitor', missionCode: 'NOWHERE' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const body = response.json();
    expect(body.code).toBe('invalid-request');
    expect(body.requestId).toBe(response.headers['x-request-id']);
    const fields = body.errors.map((error: { field: string }) => error.field).sort();
    expect(fields).toEqual(['body.email', 'body.missionCode', 'body.role']);
    const role = body.errors.find((error: { field: string }) => error.field === 'body.role');
    expect(role.value).toBe('janitor');
    expect(role.message).toContain('admin');
  });

  it('names service-level problems as body fields', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: admin,
      payload: { email: 'consul@mofa.test', role: 'consul' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { field: string }) => error.field)).toEqual([
      'body.missionCode',
    ]);
  });

  it('rejects an unknown body field', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: admin,
      payload: { email: 'typo@mofa.test', role: 'agent', nmae: 'Kim' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].message).toContain('nmae');
  });

  it('reports schema errors of body and query together with their values', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: admin,
      payload: { email: 42, role: ['admin'], missionCode: 7 },
    });
    expect(response.statusCode).toBe(400);
    const fields = response
      .json()
      .errors.map((error: { field: string }) => error.field)
      .sort();
    expect(fields).toEqual(['body.email', 'body.missionCode', 'body.role']);
    expect(response.json().errors[0]).toHaveProperty('value');
  });

  it('adds a staff member and writes the audit row', async () => {
    const before = await countRows(get().ctx, 'audit_log');
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: admin,
      payload: { email: 'officer@mofa.test', role: 'alert-officer' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().token).toMatch(/^abr_/);
    expect(await countRows(get().ctx, 'audit_log')).toBe(before + 1);
  });

  it('answers an unknown path with a problem', async () => {
    const response = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('not-found');
  });

  it('answers malformed JSON with invalid-json', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('invalid-json');
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.json()).toEqual({ status: 'ready', database: get().ctx.dialect });
    const metrics = await app.inject({ url: '/metrics' });
    expect(metrics.body).toContain('abroad_http_requests_total');
    const openapi = (await app.inject({ url: '/openapi.json' })).json();
    expect(openapi.openapi).toBe('3.1.0');
    expect(openapi.paths['/api/v1/staff'].post['x-roles']).toEqual(['admin']);
  });
});
