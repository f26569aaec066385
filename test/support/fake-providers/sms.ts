import iconv from 'iconv-lite';
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

/**
 * NHN Cloud SMS v3.0: SMS and LMS send and their list queries. The fake is strict where a
 * sender can go wrong: text over 90 (SMS) or 2,000 (LMS) EUC-KR bytes, an LMS title over
 * 40 bytes, characters EUC-KR cannot carry, and LMS to a number abroad are all rejected.
 */

interface SmsRecipientBody {
  recipientNo?: unknown;
  internationalRecipientNo?: unknown;
  countryCode?: unknown;
  recipientGroupingKey?: unknown;
}

interface SmsBody {
  title?: unknown;
  body?: unknown;
  sendNo?: unknown;
  senderGroupingKey?: unknown;
  recipientList?: SmsRecipientBody[];
}

const appPath = '^/sms/v3\\.0/appKeys/([^/]+)/sender';

export const smsRoutes: Route[] = [
  {
    protocol: 'sms',
    kind: 'send',
    method: 'POST',
    pattern: new RegExp(`${appPath}/(sms|mms)$`),
    handle: (context, request, match) => send(context, request, match[1], typeOf(match[2])),
  },
  {
    protocol: 'sms',
    kind: 'query',
    method: 'GET',
    pattern: new RegExp(`${appPath}/(sms|mms)$`),
    handle: (context, request, match) => list(context, request, match[1], typeOf(match[2])),
  },
];

function typeOf(path: string): 'SMS' | 'LMS' {
  return path === 'sms' ? 'SMS' : 'LMS';
}

function checkCredentials(context: FakeContext, request: FakeRequest, appKey: string) {
  const { smsAppKey, smsSecretKey } = context.options;
  if (smsAppKey !== undefined && decodeURIComponent(appKey) !== smsAppKey) {
    return reply(headerOnly(-1000, 'Invalid appKey'));
  }
  if (smsSecretKey !== undefined && request.headers['x-secret-key'] !== smsSecretKey) {
    return reply(headerOnly(-1001, 'Invalid secretKey'));
  }
  return undefined;
}

function send(context: FakeContext, request: FakeRequest, appKey: string, type: 'SMS' | 'LMS') {
  if (!isJsonContentType(request)) return reply(headerOnly(-9996, 'Content-Type is not JSON'));
  const denied = checkCredentials(context, request, appKey);
  if (denied) return denied;

  const body = request.body as SmsBody;
  const problem = findProblem(body, type);
  if (problem) return reply(headerOnly(-2001, problem));

  const now = context.now();
  const recipients = body.recipientList!;
  const onlyKey = recipients.length === 1 ? groupingKeyOf(recipients[0]) : undefined;
  if (onlyKey) {
    const window = context.options.idempotencyWindowMs;
    const earlier = context.ledger.recallKey('sms', onlyKey, now, window);
    if (earlier) {
      context.ledger.counters.idempotencyReplayed += 1;
      return { status: earlier.status, body: earlier.body };
    }
  }

  const response = acceptRecipients(context, body, type, now);
  if (onlyKey) context.ledger.rememberKey('sms', onlyKey, now, response);
  return response;
}

function findProblem(body: SmsBody, type: 'SMS' | 'LMS'): string | undefined {
  const recipients = body?.recipientList;
  if (typeof body?.body !== 'string' || typeof body.sendNo !== 'string') {
    return 'body and sendNo are required';
  }
  if (!Array.isArray(recipients) || recipients.length < 1 || recipients.length > 1000) {
    return 'recipientList must have 1 to 1000 recipients';
  }

  const encoded = iconv.encode(body.body, 'euc-kr');
  if (iconv.decode(encoded, 'euc-kr') !== body.body) return 'body has characters outside EUC-KR';
  const limit = type === 'SMS' ? 90 : 2000;
  if (encoded.length > limit) return `${type} body allows ${limit} bytes, got ${encoded.length}`;
  if (type === 'LMS') {
    const title = typeof body.title === 'string' ? body.title : '';
    const titleBytes = iconv.encode(title, 'euc-kr').length;
    if (titleBytes === 0 || titleBytes > 40)
      return `LMS title needs 1 to 40 bytes, got ${titleBytes}`;
    if (recipients.some((recipient) => recipient.internationalRecipientNo !== undefined)) {
      return 'international recipients take SMS only';
    }
  }
  return undefined;
}

function groupingKeyOf(recipient: SmsRecipientBody): string | undefined {
  const key = recipient.recipientGroupingKey;
  return typeof key === 'string' && key !== '' ? key : undefined;
}

function acceptRecipients(context: FakeContext, body: SmsBody, type: 'SMS' | 'LMS', now: number) {
  const requestId = newRequestId(now);
  const sendResultList = body.recipientList!.map((recipient, index) => {
    const recipientNo = String(recipient.recipientNo ?? recipient.internationalRecipientNo ?? '');
    const groupingKey = groupingKeyOf(recipient);
    const code = context.options.recipientFailures[recipientNo];
    const base = { recipientNo, recipientSeq: index + 1, recipientGroupingKey: groupingKey };
    if (recipientNo === '' || code?.startsWith('-')) {
      context.ledger.counters.recipientsRejected += 1;
      return {
        ...base,
        resultCode: Number(code ?? -2001),
        resultMessage: 'Rejected by the fake provider',
      };
    }

    context.accept(
      toRecord(context, { requestId, index, recipientNo, groupingKey, body, type, now, code }),
    );
    return { ...base, resultCode: 0, resultMessage: 'SUCCESS' };
  });

  const data = {
    requestId,
    statusCode: '2',
    senderGroupingKey: body.senderGroupingKey,
    sendResultList,
  };
  return reply({ ...headerOnly(0, 'SUCCESS'), body: { data } });
}

function toRecord(
  context: FakeContext,
  input: {
    requestId: string;
    index: number;
    recipientNo: string;
    groupingKey: string | undefined;
    body: SmsBody;
    type: 'SMS' | 'LMS';
    now: number;
    code: string | undefined;
  },
): AcceptedRecord {
  return {
    protocol: 'sms',
    requestId: input.requestId,
    recipientSeq: input.index + 1,
    recipient: input.recipientNo,
    groupingKey: input.groupingKey,
    templateCode: undefined,
    text: input.body.body as string,
    smsType: input.type,
    acceptedAt: input.now,
    finalAt: input.now + context.options.deliveryDelayMs,
    resultCode: input.code ?? '1000',
    webhookPosted: false,
  };
}

function list(context: FakeContext, request: FakeRequest, appKey: string, type: 'SMS' | 'LMS') {
  const denied = checkCredentials(context, request, appKey);
  if (denied) return denied;

  const found = filterRecords(
    context.ledger.records,
    request.query,
    (record) => record.protocol === 'sms' && record.smsType === type,
  );
  if (typeof found === 'string') return reply(headerOnly(-2000, found));

  const now = context.now();
  const data = page(found, request.query).map((record) => toRow(record, now));
  const pageNum = Number(request.query.get('pageNum') ?? 1);
  const pageSize = Number(request.query.get('pageSize') ?? 15);
  return reply({
    ...headerOnly(0, 'SUCCESS'),
    body: { pageNum, pageSize, totalCount: found.length, data },
  });
}

/** msgStatus 2 (processing) until `finalAt`, then 3 (succeeded) or 0 (failed). */
function toRow(record: AcceptedRecord, now: number) {
  const final = now >= record.finalAt;
  const delivered = record.resultCode === '1000';
  let msgStatus = '2';
  if (final) msgStatus = delivered ? '3' : '0';
  return {
    requestId: record.requestId,
    recipientSeq: record.recipientSeq,
    recipientNo: record.recipient,
    requestDate: koreanDate(record.acceptedAt, true),
    resultDate: final ? koreanDate(record.finalAt, true) : null,
    msgStatus,
    resultCode: final ? record.resultCode : '',
    messageType: record.smsType,
    recipientGroupingKey: record.groupingKey ?? null,
  };
}

function reply(body: unknown): Reply {
  return { status: 200, body };
}
