import type { AcceptedRecord } from './ledger.js';
import {
  filterRecords,
  headerOnly,
  isJsonContentType,
  koreanDate,
  newRequestId,
  page,
  type FakeContext,
  type FakeRequest,
  type Reply,
  type Route,
} from './protocol.js';

/** NHN Cloud AlimTalk v2.3: template send, list query, one-recipient query. */

interface SendBody {
  senderKey?: unknown;
  templateCode?: unknown;
  senderGroupingKey?: unknown;
  recipientList?: Array<{ recipientNo?: unknown; recipientGroupingKey?: unknown }>;
}

const appPath = '^/alimtalk/v2\\.3/appkeys/([^/]+)';

export const alimtalkRoutes: Route[] = [
  {
    protocol: 'alimtalk',
    kind: 'send',
    method: 'POST',
    pattern: new RegExp(`${appPath}/messages$`),
    handle: (context, request, match) => send(context, request, match[1]),
  },
  {
    protocol: 'alimtalk',
    kind: 'query',
    method: 'GET',
    pattern: new RegExp(`${appPath}/messages$`),
    handle: (context, request, match) => list(context, request, match[1]),
  },
  {
    protocol: 'alimtalk',
    kind: 'query',
    method: 'GET',
    pattern: new RegExp(`${appPath}/messages/([^/]+)/(\\d+)$`),
    handle: (context, request, match) => one(context, request, match),
  },
];

function checkCredentials(context: FakeContext, request: FakeRequest, appKey: string) {
  const { alimtalkAppKey, alimtalkSecretKey } = context.options;
  if (alimtalkAppKey !== undefined && decodeURIComponent(appKey) !== alimtalkAppKey) {
    return reply(headerOnly(-1000, 'Invalid appKey'));
  }
  if (alimtalkSecretKey !== undefined && request.headers['x-secret-key'] !== alimtalkSecretKey) {
    return reply(headerOnly(-1001, 'Invalid secretKey'));
  }
  return undefined;
}

function send(context: FakeContext, request: FakeRequest, appKey: string): Reply {
  if (!isJsonContentType(request)) return reply(headerOnly(-9996, 'Content-Type is not JSON'));
  const denied = checkCredentials(context, request, appKey);
  if (denied) return denied;

  const now = context.now();
  const key = request.headers['x-nc-api-idempotency-key'];
  const idempotencyKey = typeof key === 'string' && key !== '' ? key : undefined;
  if (idempotencyKey) {
    const window = context.options.idempotencyWindowMs;
    const earlier = context.ledger.recallKey('alimtalk', idempotencyKey, now, window);
    if (earlier && context.options.idempotencyReply === 'replay') {
      context.ledger.counters.idempotencyReplayed += 1;
      return { status: earlier.status, body: earlier.body };
    }
    if (earlier) {
      context.ledger.counters.idempotencyRejected += 1;
      return reply(headerOnly(-1005, 'Idempotency key was already used'));
    }
  }

  const response = acceptRecipients(context, request.body as SendBody, now);
  if (idempotencyKey) context.ledger.rememberKey('alimtalk', idempotencyKey, now, response);
  return response;
}

function acceptRecipients(context: FakeContext, body: SendBody, now: number): Reply {
  const recipients = body?.recipientList;
  const invalid =
    typeof body?.senderKey !== 'string' ||
    typeof body.templateCode !== 'string' ||
    !Array.isArray(recipients) ||
    recipients.length < 1 ||
    recipients.length > 1000;
  if (invalid) {
    return reply(
      headerOnly(-2001, 'senderKey, templateCode and 1 to 1000 recipients are required'),
    );
  }

  const requestId = newRequestId(now);
  const sendResults = recipients.map((recipient, index) => {
    const recipientNo = String(recipient.recipientNo ?? '');
    const groupingKey =
      typeof recipient.recipientGroupingKey === 'string'
        ? recipient.recipientGroupingKey
        : undefined;
    const code = context.options.recipientFailures[recipientNo];
    const base = { recipientSeq: index + 1, recipientNo, recipientGroupingKey: groupingKey };
    if (recipientNo === '' || recipientNo.length > 15) {
      context.ledger.counters.recipientsRejected += 1;
      return { ...base, resultCode: -5000, resultMessage: 'Invalid recipientNo' };
    }
    if (code?.startsWith('-')) {
      context.ledger.counters.recipientsRejected += 1;
      return { ...base, resultCode: Number(code), resultMessage: 'Rejected by the fake provider' };
    }

    context.accept({
      ...recordBase(requestId, index + 1, recipientNo, groupingKey, now, context),
      templateCode: body.templateCode as string,
      resultCode: code ?? '1000',
    });
    return { ...base, resultCode: 0, resultMessage: 'success' };
  });

  const message = { requestId, senderGroupingKey: body.senderGroupingKey, sendResults };
  return reply({ ...headerOnly(0, 'success'), message });
}

function recordBase(
  requestId: string,
  recipientSeq: number,
  recipient: string,
  groupingKey: string | undefined,
  now: number,
  context: FakeContext,
): Omit<AcceptedRecord, 'templateCode' | 'resultCode'> {
  return {
    protocol: 'alimtalk',
    requestId,
    recipientSeq,
    recipient,
    groupingKey,
    text: undefined,
    smsType: undefined,
    acceptedAt: now,
    finalAt: now + context.options.deliveryDelayMs,
    webhookPosted: false,
  };
}

function list(context: FakeContext, request: FakeRequest, appKey: string): Reply {
  const denied = checkCredentials(context, request, appKey);
  if (denied) return denied;

  const found = filterRecords(
    context.ledger.records,
    request.query,
    (record) => record.protocol === 'alimtalk',
  );
  if (typeof found === 'string') return reply(headerOnly(-2000, found));

  const messages = page(found, request.query).map((record) => toMessage(record, context.now()));
  const messageSearchResultResponse = { messages, totalCount: found.length };
  return reply({ ...headerOnly(0, 'success'), messageSearchResultResponse });
}

function one(context: FakeContext, request: FakeRequest, match: RegExpMatchArray): Reply {
  const denied = checkCredentials(context, request, match[1]);
  if (denied) return denied;

  const record = context.ledger.records.find(
    (candidate) =>
      candidate.protocol === 'alimtalk' &&
      candidate.requestId === decodeURIComponent(match[2]) &&
      candidate.recipientSeq === Number(match[3]),
  );
  if (!record) return reply(headerOnly(-2000, 'No message with that requestId and recipientSeq'));
  return reply({ ...headerOnly(0, 'success'), message: toMessage(record, context.now()) });
}

/** A list-query row; before `finalAt` the message is still READY with no result code. */
export function toMessage(record: AcceptedRecord, now: number) {
  const final = now >= record.finalAt;
  const delivered = record.resultCode === '1000';
  let messageStatus = 'READY';
  if (final) messageStatus = delivered ? 'COMPLETED' : 'FAILED';
  return {
    requestId: record.requestId,
    recipientSeq: record.recipientSeq,
    templateCode: record.templateCode,
    recipientNo: record.recipient,
    requestDate: koreanDate(record.acceptedAt, true),
    receiveDate: final && delivered ? koreanDate(record.finalAt, true) : null,
    messageStatus,
    resultCode: final ? record.resultCode : '',
    resultMessage: final ? (delivered ? 'Delivered' : 'Delivery failed') : '',
    recipientGroupingKey: record.groupingKey ?? null,
  };
}

function reply(body: unknown): Reply {
  return { status: 200, body };
}

/** One MESSAGE_RESULT_UPDATE hook of the NHN webhook for a final record. */
export function toHook(record: AcceptedRecord) {
  return {
    kakaoMessageType: 'ALIMTALK_NORMAL',
    requestId: record.requestId,
    recipientSeq: record.recipientSeq,
    requestDate: koreanDate(record.acceptedAt, true),
    createDate: koreanDate(record.acceptedAt, true),
    receiveDate: record.resultCode === '1000' ? koreanDate(record.finalAt, true) : null,
    recipientNo: record.recipient,
    resultCode: record.resultCode,
    senderGroupingKey: null,
    recipientGroupingKey: record.groupingKey ?? null,
    _links: { self: { href: `/messages/${record.requestId}/${record.recipientSeq}` } },
    hookId: `${record.requestId}-${record.recipientSeq}`,
  };
}
