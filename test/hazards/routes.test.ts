import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.js';
import { forEachDialect } from '../support/db.js';
import { staffToken } from '../support/staff.js';
import { MAX_DOCUMENT_BYTES } from '../../src/hazards/xml/decode.js';
import { capAlert, usgsFeature } from './support/documents.js';
import { ownFixture } from './support/own-fixtures.js';

forEachDialect('hazard events API', (get) => {
  let app: FastifyInstance;
  let officer: Record<string, string>;
  let agent: Record<string, string>;

  beforeAll(async () => {
    ({ app } = await buildServer(get().ctx));
    officer = (await staffToken(get().ctx, 'alert-officer')).headers;
    agent = (await staffToken(get().ctx, 'agent')).headers;
  });
  afterAll(async () => app?.close());

  const post = (payload: Buffer | string, contentType: string, headers = officer) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/hazard-events',
      headers: { ...headers, 'content-type': contentType },
      payload,
    });

  it('stores a CAP document and answers 201', async () => {
    const response = await post(
      capAlert({ identifier: 'API-1', sent: '2024-09-01T00:00:00Z' }),
      'application/cap+xml',
    );
    expect(response.statusCode).toBe(201);
    const [version] = response.json().versions;
    expect(version.sourceId).toBe('API-1');
    expect(version.isNew).toBe(true);
    expect(version.countries).toEqual(['JP']);
  });

  it('answers 200 when nothing is new', async () => {
    const response = await post(
      capAlert({ identifier: 'API-1', sent: '2024-09-01T00:00:00Z' }),
      'application/xml',
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().versions[0].isNew).toBe(false);
  });

  it('stores USGS GeoJSON sent as JSON', async () => {
    const response = await post(usgsFeature('us-api-1', 1_700_000_000_500), 'application/json');
    expect(response.statusCode).toBe(201);
    expect(response.json().versions[0].source).toBe('usgs');
  });

  it('rejects a document with a DTD as 422', async () => {
    const xml = '<!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]><alert>&x;</alert>';
    const response = await post(xml, 'application/xml');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().code).toBe('feed-dtd-forbidden');
  });

  it('rejects CAP 1.0 naming the namespace', async () => {
    const response = await post(ownFixture('cap-1-0.cap'), 'application/xml');
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toContain('http://www.incident.com/cap/1.0');
  });

  it('forbids ingest to an agent', async () => {
    const response = await post(
      capAlert({ identifier: 'API-2', sent: '2024-09-01T00:00:00Z' }),
      'application/xml',
      agent,
    );
    expect(response.statusCode).toBe(403);
  });

  it('lists current versions and reads one event', async () => {
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/hazard-events?source=cap',
      headers: agent,
    });
    expect(list.statusCode).toBe(200);
    const item = list
      .json()
      .items.find((entry: { event: { sourceId: string } }) => entry.event.sourceId === 'API-1');
    expect(item).toBeDefined();

    const one = await app.inject({
      method: 'GET',
      url: `/api/v1/hazard-events/${item.eventId}`,
      headers: agent,
    });
    expect(one.statusCode).toBe(200);
    expect(one.json().current.id).toBe(item.id);
    expect(one.json().ended).toBe(false);
  });

  it('accepts an RSS media type', async () => {
    const response = await post(ownFixture('rss-embedded.xml'), 'application/rss+xml');
    expect(response.statusCode).toBe(201);
    expect(response.json().versions[0].sourceId).toBe('RSS-CAP-1');
  });

  it('lists only events in force when asked', async () => {
    await post(
      capAlert({ identifier: 'API-GONE', sent: '2024-09-02T00:00:00Z' }),
      'application/xml',
    );
    await post(
      capAlert({
        identifier: 'API-GONE-C',
        sent: '2024-09-02T01:00:00Z',
        msgType: 'Cancel',
        references: ['API-GONE'],
      }),
      'application/xml',
    );

    const all = await app.inject({
      method: 'GET',
      url: '/api/v1/hazard-events?source=cap',
      headers: agent,
    });
    const active = await app.inject({
      method: 'GET',
      url: '/api/v1/hazard-events?source=cap&active=true',
      headers: agent,
    });

    const ids = (response: typeof all) =>
      response.json().items.map((item: { event: { sourceId: string } }) => item.event.sourceId);
    expect(ids(all)).toContain('API-GONE-C');
    expect(ids(active)).not.toContain('API-GONE-C');
    expect(ids(active)).toContain('API-1');
  });

  it('answers 404 for an unknown id', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/hazard-events/nope',
      headers: agent,
    });
    expect(response.statusCode).toBe(404);
  });

  it('reports an invalid list query field', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/hazard-events?limit=0&source=x',
      headers: agent,
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['query.limit', 'query.source']));
  });
  it('rejects deeply nested JSON without a server error', async () => {
    const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    for (const type of ['application/json', 'application/geo+json']) {
      const complete = await post(deep, type);
      const cut = await post('{"a":'.repeat(100_000), type);
      expect(complete.statusCode).toBe(422);
      expect(complete.json().detail).toContain('neither USGS earthquake GeoJSON');
      expect(cut.statusCode).toBe(422);
      expect(cut.json().detail).toContain('not valid JSON');
    }
  });

  it('rejects invalid UTF-8 in JSON like the parse command', async () => {
    const json = usgsFeature('us-api-bad-utf8', 1_700_000_000_500);
    const at = json.indexOf('M 5.2');
    const bytes = Buffer.concat([json.subarray(0, at), Buffer.from([0xff]), json.subarray(at)]);
    const response = await post(bytes, 'application/json');
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toContain(`byte ${at} (0xff) is not valid UTF-8`);
  });

  it('lists the accepted media types on 415', async () => {
    const response = await post('x', 'image/png');
    expect(response.statusCode).toBe(415);
    expect(response.json().detail).toContain('content type image/png is not accepted');
    expect(response.json().detail).toContain('application/cap+xml');
    expect(response.json().detail).toContain('application/geo+json');
  });

  it('states the limit in bytes on 413', async () => {
    const response = await post(Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20), 'application/xml');
    expect(response.statusCode).toBe(413);
    expect(response.json().detail).toContain(`above the limit of ${MAX_DOCUMENT_BYTES} bytes`);
  });

  it('keeps the ingest route in the OpenAPI document', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.json().paths['/api/v1/hazard-events'].post).toBeDefined();
  });
});
