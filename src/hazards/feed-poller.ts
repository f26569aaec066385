import type { AppContext } from '../context.js';
import { FeedError } from './feed-error.js';
import type { FeedSpec } from './feeds-file.js';
import { ingestDocument } from './hazards.service.js';
import { MAX_DOCUMENT_BYTES } from './xml/decode.js';

/** Maximum wait between polls of a failing feed, in seconds. */
const MAX_BACKOFF_SECONDS = 3600;

const acceptByKind: Record<FeedSpec['kind'], string> = {
  cap: 'application/cap+xml, application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5',
  usgs: 'application/geo+json, application/json;q=0.9',
  gdacs: 'application/rss+xml, application/geo+json, application/json;q=0.9, application/xml;q=0.9',
  jma: 'application/xml, text/xml;q=0.9',
};

export interface PollOptions {
  fetch?: typeof fetch;
  /** Time allowed for one request and its body, in milliseconds. */
  timeoutMs?: number;
}

export interface PollOutcome {
  url: string;
  outcome: 'stored' | 'not-modified' | 'failed';
  status: number | null;
  events: number;
  newVersions: number;
  error?: string;
}

interface FeedState {
  etag: string | null;
  lastModified: string | null;
  failures: number;
  nextPollAt: string;
}

class PollFailure extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/**
 * Polls every feed that is due, one after the other. A successful poll (stored, or 304 Not
 * Modified) schedules the next one `intervalSeconds` later. Each consecutive failure doubles
 * the wait, up to an hour. Each poll logs one line with its counts.
 */
export async function pollDueFeeds(
  ctx: AppContext,
  feeds: FeedSpec[],
  options: PollOptions = {},
): Promise<PollOutcome[]> {
  const outcomes: PollOutcome[] = [];
  const timeoutMs = options.timeoutMs ?? 30_000;
  for (const feed of feeds) {
    if (!(await claimFeed(ctx, feed.url, timeoutMs))) continue;
    const state = await loadState(ctx, feed.url);
    outcomes.push(await pollFeed(ctx, feed, state, { ...options, timeoutMs }));
  }
  return outcomes;
}

/**
 * Claims a due feed for this process by moving its next poll time past the poll's timeout.
 * Only one of several worker nodes wins the update, so a feed is fetched once per interval;
 * a node that dies mid-poll lets the claim lapse and another node polls it.
 */
async function claimFeed(ctx: AppContext, url: string, timeoutMs: number): Promise<boolean> {
  const now = ctx.clock.real();
  await ctx.db
    .insertInto('hazard_feed_state')
    .values({
      url,
      etag: null,
      last_modified: null,
      failures: 0,
      next_poll_at: new Date(0).toISOString(),
      last_polled_at: null,
      last_outcome: null,
    })
    .onConflict((conflict) => conflict.column('url').doNothing())
    .execute();

  const claimUntil = new Date(now.getTime() + timeoutMs + 60_000).toISOString();
  const result = await ctx.db
    .updateTable('hazard_feed_state')
    .set({ next_poll_at: claimUntil })
    .where('url', '=', url)
    .where('next_poll_at', '<=', now.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

async function pollFeed(
  ctx: AppContext,
  feed: FeedSpec,
  state: FeedState,
  options: PollOptions,
): Promise<PollOutcome> {
  const log = ctx.log.child({ component: 'feed-poller', url: feed.url, kind: feed.kind });
  const started = Date.now();
  try {
    const outcome = await fetchAndIngest(ctx, feed, state, options);
    const next = new Date(ctx.clock.real().getTime() + feed.intervalSeconds * 1000);
    await saveState(
      ctx,
      feed.url,
      { ...state, failures: 0, nextPollAt: next.toISOString() },
      outcome.outcome,
    );
    log.info({ ...counts(outcome), ms: Date.now() - started }, 'feed polled');
    return outcome;
  } catch (error) {
    const failures = state.failures + 1;
    const waitSeconds = Math.min(feed.intervalSeconds * 2 ** failures, MAX_BACKOFF_SECONDS);
    const next = new Date(ctx.clock.real().getTime() + waitSeconds * 1000).toISOString();
    const status = error instanceof PollFailure ? error.status : null;
    const message = describeError(error);
    await saveState(ctx, feed.url, { ...state, failures, nextPollAt: next }, `failed: ${message}`);
    log.warn({ status, error: message, failures, retryInSeconds: waitSeconds }, 'feed poll failed');
    return { url: feed.url, outcome: 'failed', status, events: 0, newVersions: 0, error: message };
  }
}

/** fetch() reports network failures as "fetch failed" with the reason in `cause`. */
function describeError(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  const cause = (error as { cause?: { message?: string } }).cause?.message;
  return cause ? `${message}: ${cause}` : message;
}

function counts(outcome: PollOutcome) {
  return {
    status: outcome.status,
    outcome: outcome.outcome,
    events: outcome.events,
    newVersions: outcome.newVersions,
  };
}

async function fetchAndIngest(
  ctx: AppContext,
  feed: FeedSpec,
  state: FeedState,
  options: PollOptions,
): Promise<PollOutcome> {
  const headers: Record<string, string> = {
    accept: acceptByKind[feed.kind],
    'user-agent': 'Abroad feed poller',
  };
  if (state.etag) headers['if-none-match'] = state.etag;
  if (state.lastModified) headers['if-modified-since'] = state.lastModified;

  const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const response = await (options.fetch ?? fetch)(feed.url, {
    headers,
    signal,
    redirect: 'follow',
  });
  if (response.status === 304) {
    return { url: feed.url, outcome: 'not-modified', status: 304, events: 0, newVersions: 0 };
  }
  if (!response.ok)
    throw new PollFailure(`HTTP ${response.status} from ${feed.url}`, response.status);

  const body = await readLimited(response, MAX_DOCUMENT_BYTES);
  const result = await ingestOrFail(ctx, feed, body, response.status);
  state.etag = response.headers.get('etag');
  state.lastModified = response.headers.get('last-modified');
  return {
    url: feed.url,
    outcome: 'stored',
    status: response.status,
    events: result.versions.length,
    newVersions: result.versions.filter((version) => version.isNew).length,
  };
}

async function ingestOrFail(ctx: AppContext, feed: FeedSpec, body: Buffer, status: number) {
  try {
    const result = await ingestDocument(ctx, body, {
      name: feed.url,
      actor: { kind: 'system', id: 'worker' },
    });
    const other = result.versions.find((version) => version.event.source !== feed.kind);
    if (other) {
      ctx.log.warn(
        { component: 'feed-poller', url: feed.url, kind: feed.kind, found: other.event.source },
        'feed carries another kind of document than configured; check its kind in the feed list',
      );
    }
    return result;
  } catch (error) {
    if (error instanceof FeedError)
      throw new PollFailure(`unusable document: ${error.message}`, status);
    throw error;
  }
}

/** Reads a response body, failing once it passes `maxBytes` instead of buffering it all. */
async function readLimited(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes)
    throw new PollFailure(`body of ${declared} bytes is above ${maxBytes}`, response.status);

  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  for (let next = await reader?.read(); next && !next.done; next = await reader!.read()) {
    total += next.value.length;
    if (total > maxBytes) {
      await reader!.cancel();
      throw new PollFailure(`body is above ${maxBytes} bytes`, response.status);
    }
    chunks.push(Buffer.from(next.value));
  }
  return Buffer.concat(chunks);
}

/** Reads the state row that claimFeed made sure exists. */
async function loadState(ctx: AppContext, url: string): Promise<FeedState> {
  const row = await ctx.db
    .selectFrom('hazard_feed_state')
    .selectAll()
    .where('url', '=', url)
    .executeTakeFirstOrThrow();
  return {
    etag: row.etag,
    lastModified: row.last_modified,
    failures: row.failures,
    nextPollAt: row.next_poll_at,
  };
}

async function saveState(
  ctx: AppContext,
  url: string,
  state: FeedState,
  outcome: string,
): Promise<void> {
  const values = {
    etag: state.etag,
    last_modified: state.lastModified,
    failures: state.failures,
    next_poll_at: state.nextPollAt,
    last_polled_at: ctx.clock.real().toISOString(),
    last_outcome: outcome.slice(0, 500),
  };
  await ctx.db
    .insertInto('hazard_feed_state')
    .values({ url, ...values })
    .onConflict((conflict) => conflict.column('url').doUpdateSet(values))
    .execute();
}
