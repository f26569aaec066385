import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.js';
import type { ApiRouter } from '../../src/server/router.js';
import { staffRoles, type StaffRole } from '../../src/staff/roles.js';
import { forEachDialect } from '../support/db.js';
import { staffToken } from '../support/staff.js';

forEachDialect('api authorization', (get) => {
  let app: FastifyInstance;
  let router: ApiRouter;
  const tokens = new Map<StaffRole, string>();

  beforeAll(async () => {
    ({ app, router } = await buildServer(get().ctx));
    for (const role of staffRoles) {
      tokens.set(role, (await staffToken(get().ctx, role)).token);
    }
  });
  afterAll(async () => app?.close());

  function concreteUrl(url: string): string {
    return url.replace(/:(\w+)/g, (_match, name: string) => `sample-${name}`);
  }

  it('has routes under /api/v1 that all name their roles', () => {
    const api = router.routes.filter((route) => route.spec.url.startsWith('/api/v1'));
    expect(api.length).toBeGreaterThan(0);
    for (const route of api) {
      expect(route.spec.roles, `${route.spec.method} ${route.spec.url}`).not.toBe('public');
    }
  });

  it('answers 401 to every /api/v1 route called without a token', async () => {
    for (const { spec } of router.routes.filter((route) => route.spec.url.startsWith('/api/v1'))) {
      const response = await app.inject({ method: spec.method, url: concreteUrl(spec.url) });
      expect(response.statusCode, `${spec.method} ${spec.url}`).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe('unauthenticated');
    }
  });

  it('answers 401 to an unknown token', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/staff',
      headers: { authorization: 'Bearer abr_not-a-real-token' },
    });
    expect(response.statusCode).toBe(401);
  });

  it('answers 403 to every /api/v1 route called with a role it does not allow', async () => {
    for (const { spec } of router.routes.filter((route) => route.spec.url.startsWith('/api/v1'))) {
      const allowed = spec.roles as readonly StaffRole[];
      for (const role of staffRoles.filter((candidate) => !allowed.includes(candidate))) {
        const response = await app.inject({
          method: spec.method,
          url: concreteUrl(spec.url),
          headers: { authorization: `Bearer ${tokens.get(role)}` },
        });
        expect(response.statusCode, `${role} on ${spec.method} ${spec.url}`).toBe(403);
        expect(response.json().code).toBe('forbidden');
      }
    }
  });

  it('lets an allowed role through', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/staff',
      headers: { authorization: `Bearer ${tokens.get('admin')}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().items.length).toBeGreaterThanOrEqual(4);
  });
});
