import { randomUUID } from 'node:crypto';
import type { AcceptedRecord } from './ledger.js';
import type { FakeContext, FakeRequest, Reply, Route } from './protocol.js';

/**
 * Kakao i Open Builder Event API: POST /v2/bots/{botId}/talk accepts a task for up to 100
 * users; GET /v1/tasks/{taskId} reports how many received it. A failure code configured for a
 * user key makes that user fail in the task, as a user who cannot receive from the channel.
 */

interface TalkBody {
  event?: { name?: unknown; data?: unknown };
  user?: Array<{ type?: unknown; id?: unknown }>;
  params?: unknown;
}

const userTypes = new Set(['botUserKey', 'plusfriendUserKey', 'appUserId']);

export const eventApiRoutes: Route[] = [
  {
    protocol: 'kakao-event',
    kind: 'send',
    method: 'POST',
    pattern: /^\/v2\/bots\/([^/]+)\/talk$/,
    handle: (context, request, match) => talk(context, request, decodeURIComponent(match[1])),
  },
  {
    protocol: 'kakao-event',
    kind: 'query',
    method: 'GET',
    pattern: /^\/v1\/tasks\/([^/]+)$/,
    handle: (context, request, match) => task(context, request, decodeURIComponent(match[1])),
  },
];

function checkKey(context: FakeContext, request: FakeRequest): Reply | undefined {
  const expected = context.options.eventRestApiKey;
  const header = request.headers.authorization ?? '';
  if (!header.startsWith('KakaoAK ')) {
    return {
      status: 401,
      body: { status: 'FAIL', message: 'Authorization: KakaoAK {key} is required' },
    };
  }
  if (expected !== undefined && header !== `KakaoAK ${expected}`) {
    return { status: 401, body: { status: 'FAIL', message: 'Invalid REST API key' } };
  }
  return undefined;
}

function talk(context: FakeContext, request: FakeRequest, botId: string): Reply {
  const denied = checkKey(context, request);
  if (denied) return denied;

  const now = context.now();
  const fail = (message: string): Reply => ({
    status: 200,
    body: { taskId: randomUUID(), status: 'FAIL', message, timestamp: now },
  });
  const expectedBot = context.options.eventBotId;
  if (expectedBot !== undefined && botId !== expectedBot) return fail('Invalid bot ID');

  const body = request.body as TalkBody;
  const users = body?.user;
  if (typeof body?.event?.name !== 'string' || body.event.name === '') {
    return fail('event.name is required');
  }
  if (!Array.isArray(users) || users.length < 1 || users.length > 100) {
    return fail('user must list 1 to 100 users');
  }
  if (users.some((user) => !userTypes.has(String(user.type)) || typeof user.id !== 'string')) {
    return fail('every user needs a type (botUserKey, plusfriendUserKey, appUserId) and an id');
  }

  const taskId = randomUUID();
  users.forEach((user, index) => context.accept(toRecord(context, taskId, index, user, body, now)));
  return { status: 200, body: { taskId, status: 'SUCCESS', message: '', timestamp: now } };
}

function toRecord(
  context: FakeContext,
  taskId: string,
  index: number,
  user: { type?: unknown; id?: unknown },
  body: TalkBody,
  now: number,
): AcceptedRecord {
  const id = String(user.id);
  const params = (body.params ?? {}) as Record<string, unknown>;
  const data = (body.event?.data ?? {}) as Record<string, unknown>;
  return {
    protocol: 'kakao-event',
    requestId: taskId,
    recipientSeq: index + 1,
    recipient: id,
    groupingKey: typeof params.deliveryId === 'string' ? params.deliveryId : undefined,
    templateCode: String(body.event?.name),
    text: typeof data.text === 'string' ? data.text : undefined,
    smsType: undefined,
    acceptedAt: now,
    finalAt: now + context.options.deliveryDelayMs,
    resultCode: context.options.recipientFailures[id] ?? '1000',
    webhookPosted: false,
  };
}

function task(context: FakeContext, request: FakeRequest, taskId: string): Reply {
  const denied = checkKey(context, request);
  if (denied) return denied;

  const records = context.ledger.records.filter(
    (record) => record.protocol === 'kakao-event' && record.requestId === taskId,
  );
  if (records.length === 0) {
    return { status: 404, body: { status: 'FAIL', message: `no task ${taskId}` } };
  }

  const now = context.now();
  if (records.some((record) => now < record.finalAt)) {
    const pending = { status: 'PROCESSING', allRequestCount: records.length, successCount: 0 };
    return { status: 200, body: { ...pending, fail: { count: 0, list: [] } } };
  }

  const failed = records.filter((record) => record.resultCode !== '1000');
  const successCount = records.length - failed.length;
  let status = 'PARTIAL SUCCESS';
  if (failed.length === 0) status = 'ALL SUCCESS';
  else if (successCount === 0) status = 'FAIL';
  const list = failed.map((record) => ({ id: record.recipient, reason: record.resultCode }));
  const body = {
    status,
    allRequestCount: records.length,
    successCount,
    fail: { count: failed.length, list },
  };
  return { status: 200, body };
}
