import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { alimtalkRoutes } from './alimtalk.js';
import { eventApiRoutes } from './event-api.js';
import { FaultPlan, type FaultKind } from './faults.js';
import {
  Ledger,
  type AcceptedRecord,
  type FakeProtocol,
  type FakeStats,
  type ReceivedRequest,
} from './ledger.js';
import { defaultFakeOptions, mergeOptions, type FakeProviderOptions } from './options.js';
import {
  headerOnly,
  type FakeContext,
  type FakeRequest,
  type Reply,
  type Route,
} from './protocol.js';
import { smsRoutes } from './sms.js';
import { WebhookPoster } from './webhooks.js';

const routes: Route[] = [...alimtalkRoutes, ...smsRoutes, ...eventApiRoutes];

/** A running fake of NHN AlimTalk, NHN SMS and the Kakao Event API on one loopback port. */
export interface FakeProviders {
  readonly url: string;
  readonly port: number;
  options(): FakeProviderOptions;
  setOptions(update: Partial<FakeProviderOptions>): void;
  /** Applies these faults to the next send requests, in order, before any drawn at random. */
  injectFaults(kinds: FaultKind[]): void;
  stats(): FakeStats;
  records(protocol?: FakeProtocol): AcceptedRecord[];
  /** The last 200 provider requests as received, oldest first. */
  requests(): ReceivedRequest[];
  /** POSTs every final AlimTalk result not yet posted; returns how many hooks went out. */
  postWebhooks(): Promise<number>;
  reset(): void;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1; `port: 0` (the default) picks a free port. */
export async function startFakeProviders(
  initial: Partial<FakeProviderOptions> = {},
): Promise<FakeProviders> {
  let options = mergeOptions(defaultFakeOptions, initial);
  const ledger = new Ledger();
  const faults = new FaultPlan(options.seed);
  const webhooks = new WebhookPoster(ledger, () => options);
  // Bumped by reset; a request still waiting out its latency across a reset is dropped, so a
  // slow request of one test cannot add a message to the next.
  let generation = 0;
  const context: FakeContext = {
    get options() {
      return options;
    },
    ledger,
    now: () => Date.now(),
    accept: (record) => {
      ledger.accept(record);
      webhooks.schedule(record);
    },
  };

  const fake: FakeProviders = {
    url: '',
    port: 0,
    options: () => options,
    setOptions: (update) => {
      options = mergeOptions(options, update);
    },
    injectFaults: (kinds) => faults.enqueue(kinds),
    stats: () => ledger.stats(),
    records: (protocol) =>
      ledger.records.filter((record) => !protocol || record.protocol === protocol),
    requests: () => [...ledger.requests],
    postWebhooks: () => webhooks.flush(),
    reset: () => {
      generation += 1;
      ledger.reset();
      faults.reset(options.seed);
      webhooks.cancel();
    },
    close: async () => {
      webhooks.cancel();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };

  const server = createServer((request, response) => {
    const parts = { context, faults, fake, generation: () => generation };
    handle(request, response, parts).catch((error: unknown) => {
      if (!response.headersSent)
        respond(response, { status: 500, body: { message: String(error) } });
    });
  });
  server.listen(options.port, '127.0.0.1');
  await once(server, 'listening');

  const port = (server.address() as AddressInfo).port;
  Object.assign(fake, { port, url: `http://127.0.0.1:${port}` });
  return fake;
}

interface Parts {
  context: FakeContext;
  faults: FaultPlan;
  fake: FakeProviders;
  generation: () => number;
}

async function handle(request: IncomingMessage, response: ServerResponse, parts: Parts) {
  const fakeRequest = await readRequest(request);
  if (fakeRequest.path.startsWith('/admin/')) {
    respond(response, await handleAdmin(fakeRequest, parts.fake));
    return;
  }

  const found = findRoute(fakeRequest);
  if (!found) {
    respond(response, {
      status: 404,
      body: { message: `no fake route for ${fakeRequest.method} ${fakeRequest.path}` },
    });
    return;
  }

  const { context } = parts;
  const startedIn = parts.generation();
  context.ledger.receive({
    method: fakeRequest.method,
    path: fakeRequest.path,
    headers: fakeRequest.headers,
    body: fakeRequest.body,
    receivedAt: context.now(),
  });
  if (context.options.latencyMs > 0) await sleep(context.options.latencyMs);
  if (parts.generation() !== startedIn) {
    request.socket.destroy();
    return;
  }

  const fault = found.route.kind === 'send' ? parts.faults.next(context.options) : 'none';
  const early = applyFault(fault, found.route.protocol, context);
  if (early === 'drop') {
    request.socket.destroy();
    return;
  }
  if (early) {
    respond(response, early);
    return;
  }

  const reply = found.route.handle(context, fakeRequest, found.match);
  if (fault === 'drop-after-accept') {
    context.ledger.counters.droppedAfterAccept += 1;
    request.socket.destroy();
    return;
  }
  respond(response, reply);
}

/** Returns the response that replaces the real one, "drop", or undefined to go on. */
function applyFault(
  fault: FaultKind,
  protocol: FakeProtocol,
  context: FakeContext,
): Reply | 'drop' | undefined {
  const { counters } = context.ledger;
  if (fault === 'drop') {
    counters.dropped += 1;
    return 'drop';
  }
  if (fault === 'server-error') {
    counters.serverErrors += 1;
    return { status: 503, body: errorBody(protocol, 'Service temporarily unavailable') };
  }

  const limit = context.options.rateLimitPerSecond;
  const overLimit =
    limit !== undefined && context.ledger.acceptedInLastSecond(context.now()) >= limit;
  if (fault === 'rate-limit' || overLimit) {
    counters.rateLimited += 1;
    const headers = { 'Retry-After': String(context.options.retryAfterSeconds) };
    return { status: 429, body: errorBody(protocol, 'Too many requests'), headers };
  }
  return undefined;
}

function errorBody(protocol: FakeProtocol, message: string): unknown {
  if (protocol === 'kakao-event') return { status: 'ERROR', message };
  return headerOnly(-9999, message);
}

function findRoute(request: FakeRequest) {
  for (const route of routes) {
    if (route.method !== request.method) continue;
    const match = request.path.match(route.pattern);
    if (match) return { route, match };
  }
  return undefined;
}

async function handleAdmin(request: FakeRequest, fake: FakeProviders): Promise<Reply> {
  try {
    return await adminAction(request, fake);
  } catch (error) {
    return { status: 400, body: { message: (error as Error).message } };
  }
}

/**
 * Admin routes, for tests in other processes: GET /admin/stats (counters), GET /admin/messages
 * [?protocol=] (accepted recipients), GET /admin/requests (last 200 requests), GET and POST
 * /admin/options (read or change switches), POST /admin/faults {"next": [...]} (script faults),
 * POST /admin/webhooks (post due results now), POST /admin/reset (forget everything).
 */
async function adminAction(request: FakeRequest, fake: FakeProviders): Promise<Reply> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const action = `${request.method} ${request.path}`;
  switch (action) {
    case 'GET /admin/stats':
      return { status: 200, body: fake.stats() };
    case 'GET /admin/messages': {
      const protocol = request.query.get('protocol') as FakeProtocol | null;
      return { status: 200, body: fake.records(protocol ?? undefined) };
    }
    case 'GET /admin/requests':
      return { status: 200, body: fake.requests() };
    case 'GET /admin/options':
      return { status: 200, body: fake.options() };
    case 'POST /admin/options':
      fake.setOptions(body as Partial<FakeProviderOptions>);
      return { status: 200, body: fake.options() };
    case 'POST /admin/faults':
      fake.injectFaults((body.next ?? []) as FaultKind[]);
      return { status: 200, body: { queued: (body.next as unknown[] | undefined)?.length ?? 0 } };
    case 'POST /admin/webhooks':
      return { status: 200, body: { posted: await fake.postWebhooks() } };
    case 'POST /admin/reset':
      fake.reset();
      return { status: 200, body: { reset: true } };
    default:
      return { status: 404, body: { message: `no admin route for ${action}` } };
  }
}

async function readRequest(request: IncomingMessage): Promise<FakeRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = rawBody === '' ? undefined : (JSON.parse(rawBody) as unknown);
  } catch {
    body = undefined;
  }

  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  return {
    method: request.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: request.headers,
    body,
    rawBody,
  };
}

function respond(response: ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body ?? null);
  response.writeHead(reply.status, {
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    ...reply.headers,
  });
  response.end(text);
}
