import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.js';
import { pollDueFeeds } from '../../src/hazards/feed-poller.js';
import { loadFeedList, type FeedSpec } from '../../src/hazards/feeds-file.js';
import { findVersionsBySourceId } from '../../src/hazards/index.js';
import { createLogger } from '../../src/log.js';
import { forEachDialect } from '../support/db.js';
import { usgsFeature } from './support/documents.js';

/** Starts a feed server on 127.0.0.1 whose responses each test sets; it records every request. */
function feedServer() {
  const requests: { url: string; ifNoneMatch?: string; ifModifiedSince?: string }[] = [];
  let answer: { status: number; body?: Buffer; etag?: string } = { status: 200 };
  const server: Server = createServer((request, response) => {
    requests.push({
      url: request.url ?? '',
      ifNoneMatch: request.headers['if-none-match'],
      ifModifiedSince: request.headers['if-modified-since'],
    });
    if (answer.etag && request.headers['if-none-match'] === answer.etag) {
      response.writeHead(304).end();
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'application/geo+json' };
    if (answer.etag) headers.etag = answer.etag;
    headers['last-modified'] = 'Tue, 14 Nov 2023 22:00:00 GMT';
    response.writeHead(answer.status, headers).end(answer.body ?? '');
  });
  return {
    server,
    requests,
    set: (next: typeof answer) => (answer = next),
    url: (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
  };
}

/** Copies the context with a logger that writes its JSON lines into `lines`. */
function withLogLines(ctx: AppContext, lines: Record<string, unknown>[]): AppContext {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { ...ctx, log: createLogger('info', sink) };
}

async function makeDue(ctx: AppContext): Promise<void> {
  await ctx.db
    .updateTable('hazard_feed_state')
    .set({ next_poll_at: '2000-01-01T00:00:00.000Z' })
    .execute();
}

forEachDialect('feed poller', (get) => {
  const feed = feedServer();

  beforeAll(async () => {
    await new Promise<void>((resolve) => feed.server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => feed.server.close(resolve));
  });
  beforeEach(() => {
    feed.requests.length = 0;
  });

  it('stores a feed, then sends a conditional GET', async () => {
    const lines: Record<string, unknown>[] = [];
    const ctx = withLogLines(get().ctx, lines);
    const spec: FeedSpec = { url: feed.url('/quakes.geojson'), kind: 'usgs', intervalSeconds: 60 };
    feed.set({ status: 200, body: usgsFeature('us-poll-1', 1_700_000_000_000), etag: '"v1"' });

    const [first] = await pollDueFeeds(ctx, [spec]);
    const skipped = await pollDueFeeds(ctx, [spec]);
    await makeDue(ctx);
    const [second] = await pollDueFeeds(ctx, [spec]);

    expect(first).toMatchObject({ outcome: 'stored', status: 200, events: 1, newVersions: 1 });
    expect(skipped).toEqual([]);
    expect(second).toMatchObject({ outcome: 'not-modified', status: 304 });
    expect(feed.requests[1].ifNoneMatch).toBe('"v1"');
    expect(feed.requests[1].ifModifiedSince).toBe('Tue, 14 Nov 2023 22:00:00 GMT');
    expect(await findVersionsBySourceId(ctx.db, 'usgs', 'us-poll-1')).toHaveLength(1);

    const pollLines = lines.filter((line) => line.msg === 'feed polled');
    expect(pollLines).toHaveLength(2);
    expect(pollLines[0]).toMatchObject({ url: spec.url, events: 1, newVersions: 1, status: 200 });
  });

  it('backs off after failures and recovers', async () => {
    const { ctx } = get();
    const spec: FeedSpec = { url: feed.url('/broken.geojson'), kind: 'usgs', intervalSeconds: 60 };
    feed.set({ status: 503 });

    const [failed] = await pollDueFeeds(ctx, [spec]);
    const first = await feedState(ctx, spec.url);
    await makeDue(ctx);
    await pollDueFeeds(ctx, [spec]);
    const second = await feedState(ctx, spec.url);

    expect(failed).toMatchObject({ outcome: 'failed', status: 503 });
    expect(first.failures).toBe(1);
    expect(secondsUntil(first)).toBeGreaterThan(110);
    expect(secondsUntil(first)).toBeLessThanOrEqual(120);
    expect(second.failures).toBe(2);
    expect(secondsUntil(second)).toBeGreaterThan(230);

    feed.set({ status: 200, body: usgsFeature('us-poll-2', 1_700_000_000_000) });
    await makeDue(ctx);
    const [recovered] = await pollDueFeeds(ctx, [spec]);
    expect(recovered.outcome).toBe('stored');
    expect((await feedState(ctx, spec.url)).failures).toBe(0);
  });

  it('polls a feed once when two workers race', async () => {
    const { ctx } = get();
    const spec: FeedSpec = { url: feed.url('/raced.geojson'), kind: 'usgs', intervalSeconds: 60 };
    feed.set({ status: 200, body: usgsFeature('us-poll-3', 1_700_000_000_000) });

    const [left, right] = await Promise.all([pollDueFeeds(ctx, [spec]), pollDueFeeds(ctx, [spec])]);

    expect(left.length + right.length).toBe(1);
    expect(feed.requests.filter((request) => request.url === '/raced.geojson')).toHaveLength(1);
  });

  it('counts an unusable document as a failure', async () => {
    const { ctx } = get();
    const spec: FeedSpec = { url: feed.url('/losses.json'), kind: 'usgs', intervalSeconds: 60 };
    feed.set({ status: 200, body: Buffer.from('[{"empirical_fatality":{}}]') });

    const [outcome] = await pollDueFeeds(ctx, [spec]);
    expect(outcome.outcome).toBe('failed');
    expect(outcome.error).toMatch(/PAGER/);
  });

  it('reports a connection failure', async () => {
    const { ctx } = get();
    const spec: FeedSpec = { url: 'http://127.0.0.1:9/feed.xml', kind: 'cap', intervalSeconds: 60 };
    const [outcome] = await pollDueFeeds(ctx, [spec], { timeoutMs: 2000 });
    expect(outcome.outcome).toBe('failed');
    expect(outcome.status).toBeNull();
  });
});

async function feedState(ctx: AppContext, url: string) {
  return ctx.db
    .selectFrom('hazard_feed_state')
    .selectAll()
    .where('url', '=', url)
    .executeTakeFirstOrThrow();
}

function secondsUntil(state: { next_poll_at: string }): number {
  return (Date.parse(state.next_poll_at) - Date.now()) / 1000;
}

describe('loadFeedList', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abroad-feeds-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a valid list', () => {
    const path = join(dir, 'ok.json');
    writeFileSync(
      path,
      JSON.stringify([{ url: 'https://example.org/cap.xml', kind: 'cap', intervalSeconds: 60 }]),
    );
    expect(loadFeedList(path)).toEqual([
      { url: 'https://example.org/cap.xml', kind: 'cap', intervalSeconds: 60 },
    ]);
  });

  it('reports every invalid entry', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(
      path,
      JSON.stringify([
        { url: 'ftp://example.org/x', kind: 'cap', intervalSeconds: 60 },
        { url: 'https://example.org/y', kind: 'rss', intervalSeconds: 1 },
      ]),
    );
    expect(() => loadFeedList(path)).toThrow(/\[0\]\.url: expected an http or https URL/);
    expect(() => loadFeedList(path)).toThrow(/\[1\]\.kind: expected one of cap, usgs, gdacs, jma/);
    expect(() => loadFeedList(path)).toThrow(/\[1\]\.intervalSeconds/);
  });
});
