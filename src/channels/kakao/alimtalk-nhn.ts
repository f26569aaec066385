import { maskValue, type Logger } from '../../log.js';
import type {
  ChannelMessage,
  ChannelSender,
  LookupFailure,
  LookupFound,
  LookupResult,
  SendPermanent,
  SendResult,
} from '../channel.js';
import { pickMostAdvanced } from '../channel.js';
import { parseProviderPhone } from '../phone-format.js';
import { buildRecipient, findLimitProblems } from './alimtalk-request.js';
import {
  classifyTransport,
  describeBody,
  logFailedAttempt,
  requestProvider,
  type HttpOutcome,
} from '../provider-http.js';
import {
  deliveryStateOf,
  nhnAccepted,
  nhnIdempotencyKeyReused,
  nhnSystemError,
  permanentApiFailure,
} from './alimtalk-codes.js';

// Wire types of NHN Cloud KakaoTalk Bizmessage AlimTalk API v2.3.

export interface NhnHeader {
  resultCode: number;
  resultMessage: string;
  isSuccessful: boolean;
}

export interface AlimtalkButtonParameter {
  ordering: number;
  chatExtra?: string;
  chatEvent?: string;
  telNumber?: string;
}

export interface AlimtalkRecipient {
  recipientNo: string;
  templateParameter: Record<string, string>;
  buttons?: AlimtalkButtonParameter[];
  resendParameter: { isResend: boolean };
  recipientGroupingKey: string;
}

/** Body of POST /alimtalk/v2.3/appkeys/{appkey}/messages (template plus variables). */
export interface AlimtalkSendRequest {
  senderKey: string;
  templateCode: string;
  recipientList: AlimtalkRecipient[];
}

export interface AlimtalkSendResult {
  recipientSeq: number;
  recipientNo: string;
  resultCode: number;
  resultMessage: string;
  recipientGroupingKey?: string;
}

export interface AlimtalkSendResponse {
  header: NhnHeader;
  message?: {
    requestId: string;
    senderGroupingKey?: string;
    sendResults: AlimtalkSendResult[];
  };
}

/** One recipient row of GET …/messages (list query). */
export interface AlimtalkMessageRecord {
  requestId: string;
  recipientSeq: number;
  recipientNo: string;
  requestDate?: string;
  receiveDate?: string;
  messageStatus?: string;
  resultCode?: string;
  resultMessage?: string;
  recipientGroupingKey?: string;
}

export interface AlimtalkListResponse {
  header: NhnHeader;
  messageSearchResultResponse?: { messages: AlimtalkMessageRecord[]; totalCount: number };
}

/**
 * Wait after a reused key whose earlier send is not found yet. It is well inside NHN's 10-minute
 * window, so the retry meets the same key and looks again instead of sending a second message.
 */
const reusedKeyRetryMs = 60_000;

export const defaultAlimtalkBaseUrl = 'https://kakaotalk-bizmessage.api.nhncloudservice.com';

export interface NhnAlimtalkOptions {
  baseUrl: string;
  appKey: string;
  secretKey: string;
  senderKey: string;
  log: Logger;
  /** Per request, in milliseconds. */
  timeoutMs?: number;
  /** How far back `lookup` searches, in milliseconds; NHN allows at most 30 days per query. */
  lookbackMs?: number;
  now?: () => Date;
}

/** Sends AlimTalk template messages through NHN Cloud, one recipient per request. */
export class NhnAlimtalkSender implements ChannelSender {
  readonly channel = 'alimtalk' as const;
  private readonly timeoutMs: number;
  private readonly lookbackMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: NhnAlimtalkOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.lookbackMs = options.lookbackMs ?? 7 * 24 * 3600_000;
    this.now = options.now ?? (() => new Date());
  }

  async send(message: ChannelMessage): Promise<SendResult> {
    const to = message.phone ? maskValue(message.phone) : '(no phone)';
    const requestName = `NHN AlimTalk send of delivery ${message.deliveryId} to ${to}`;
    const built = this.buildRequest(message, requestName);
    if ('outcome' in built) {
      logFailedAttempt(this.options.log, built, { deliveryId: message.deliveryId, to });
      return built;
    }

    const outcome = await requestProvider({
      method: 'POST',
      url: `${this.appUrl()}/messages`,
      headers: { ...this.headers(), 'X-NC-API-IDEMPOTENCY-KEY': message.deliveryId },
      body: built,
      timeoutMs: this.timeoutMs,
    });
    const result = await this.readSendOutcome(outcome, message.deliveryId, requestName);
    logFailedAttempt(this.options.log, result, { deliveryId: message.deliveryId, to });
    return result;
  }

  /**
   * Finds an earlier send by recipientGroupingKey (our deliveryId) over the lookback window.
   * When the key was sent more than once, the most advanced state wins.
   */
  async lookup(groupingKey: string): Promise<LookupResult> {
    const result = await this.findByGroupingKey(groupingKey);
    if ('outcome' in result) logFailedAttempt(this.options.log, result, { groupingKey });
    return result;
  }

  /** Lists every recipient of one send request with its current delivery state. */
  async lookupRequest(requestId: string): Promise<LookupFound[] | LookupFailure> {
    const query = new URLSearchParams({ requestId, pageSize: '1000' });
    const requestName = `NHN AlimTalk result query for request ${requestId}`;
    const records = await this.queryMessages(query, requestName);
    if ('outcome' in records) {
      logFailedAttempt(this.options.log, records, { requestId });
      return records;
    }
    return records.map(toLookupFound);
  }

  /** Runs the grouping-key query without logging, so that send logs one line per attempt. */
  private async findByGroupingKey(groupingKey: string): Promise<LookupResult> {
    const end = this.now();
    const start = new Date(end.getTime() - this.lookbackMs);
    const query = new URLSearchParams({
      startRequestDate: formatNhnDate(start),
      endRequestDate: formatNhnDate(new Date(end.getTime() + 60_000)),
      recipientGroupingKey: groupingKey,
      pageSize: '100',
    });
    const requestName = `NHN AlimTalk result query for grouping key ${groupingKey}`;
    const records = await this.queryMessages(query, requestName);
    if ('outcome' in records) return records;

    const found = records.map(toLookupFound);
    return pickMostAdvanced(found) ?? { found: false };
  }

  private buildRequest(
    message: ChannelMessage,
    requestName: string,
  ): AlimtalkSendRequest | SendPermanent {
    const phone = message.phone ? parseProviderPhone(message.phone) : undefined;
    if (!phone) {
      const detail = `${requestName} was not made: expected an E.164 phone number such as +821012345678, got ${message.phone ? maskValue(message.phone) : 'none'}`;
      return {
        outcome: 'permanent',
        channel: 'alimtalk',
        scope: 'recipient',
        code: 'invalid-phone',
        detail,
      };
    }

    // NOTE: numbers outside Korea go as country code plus national number, which is our
    // reading of the 15-character recipientNo; confirm with NHN before sending abroad.
    const recipientNo = phone.domestic ? phone.nationalDigits : phone.internationalDigits;
    const problems = findLimitProblems(message, recipientNo);
    if (problems.length > 0) {
      const detail = `${requestName} was not made: ${problems.join('; ')}`;
      return {
        outcome: 'permanent',
        channel: 'alimtalk',
        scope: 'channel',
        code: 'over-limit',
        detail,
      };
    }

    return {
      senderKey: this.options.senderKey,
      templateCode: message.templateCode,
      recipientList: [buildRecipient(message, recipientNo)],
    };
  }

  private async readSendOutcome(
    outcome: HttpOutcome,
    deliveryId: string,
    requestName: string,
  ): Promise<SendResult> {
    const transport = classifyTransport('alimtalk', outcome, requestName);
    if (transport) return transport;
    if (outcome.kind !== 'response') throw new Error('unreachable: transport outcome');

    const body = outcome.body as Partial<AlimtalkSendResponse> | undefined;
    const header = body?.header;
    if (!header || typeof header.resultCode !== 'number') {
      const detail = `${requestName} returned HTTP ${outcome.status} without an NHN header${describeBody(outcome.body)}`;
      return {
        outcome: 'permanent',
        channel: 'alimtalk',
        scope: 'channel',
        code: `http-${outcome.status}`,
        detail,
      };
    }
    if (header.resultCode === nhnIdempotencyKeyReused) {
      return this.resolveReusedKey(deliveryId, requestName);
    }
    if (header.resultCode !== nhnAccepted || !header.isSuccessful) {
      return classifyApiCode(header.resultCode, header.resultMessage, requestName);
    }

    return readRecipientResult(body, requestName);
  }

  /** NHN rejects a reused idempotency key with -1005; the earlier send is then looked up. */
  private async resolveReusedKey(deliveryId: string, requestName: string): Promise<SendResult> {
    const earlier = await this.findByGroupingKey(deliveryId);
    if ('outcome' in earlier) return earlier;
    if (earlier.found) {
      return {
        outcome: 'accepted',
        channel: 'alimtalk',
        providerRequestId: earlier.providerRequestId,
        recipientSeq: earlier.recipientSeq,
        duplicate: true,
      };
    }

    const detail = `${requestName} was rejected as a reused idempotency key (${nhnIdempotencyKeyReused}) but no earlier send was found yet`;
    return {
      outcome: 'retryable',
      channel: 'alimtalk',
      code: String(nhnIdempotencyKeyReused),
      detail,
      retryAfterMs: reusedKeyRetryMs,
    };
  }

  private async queryMessages(
    query: URLSearchParams,
    requestName: string,
  ): Promise<AlimtalkMessageRecord[] | LookupFailure> {
    const outcome = await requestProvider({
      method: 'GET',
      url: `${this.appUrl()}/messages?${query.toString()}`,
      headers: this.headers(),
      timeoutMs: this.timeoutMs,
    });
    const failure = readQueryFailure(outcome, requestName);
    if (failure) return failure;

    const body = (outcome as { body: AlimtalkListResponse }).body;
    return body.messageSearchResultResponse?.messages ?? [];
  }

  private appUrl(): string {
    const appKey = encodeURIComponent(this.options.appKey);
    return `${this.options.baseUrl.replace(/\/$/, '')}/alimtalk/v2.3/appkeys/${appKey}`;
  }

  private headers(): Record<string, string> {
    return {
      'Content-Type': 'application/json;charset=UTF-8',
      'X-Secret-Key': this.options.secretKey,
    };
  }
}

function classifyApiCode(code: number, message: string, requestName: string): SendResult {
  if (code === nhnSystemError) {
    const detail = `${requestName} failed with an NHN system error (${code} ${message})`;
    return { outcome: 'retryable', channel: 'alimtalk', code: String(code), detail };
  }
  return permanentApiFailure(code, message, requestName);
}

function readRecipientResult(body: Partial<AlimtalkSendResponse>, requestName: string): SendResult {
  const sent = body.message?.sendResults?.[0];
  if (!body.message?.requestId || !sent) {
    const detail = `${requestName} was accepted without a requestId or sendResults; check the NHN base URL`;
    return { outcome: 'retryable', channel: 'alimtalk', code: 'malformed-response', detail };
  }
  if (sent.resultCode !== nhnAccepted) {
    return classifyApiCode(sent.resultCode, sent.resultMessage, requestName);
  }
  return {
    outcome: 'accepted',
    channel: 'alimtalk',
    providerRequestId: body.message.requestId,
    recipientSeq: sent.recipientSeq,
    duplicate: false,
  };
}

function readQueryFailure(outcome: HttpOutcome, requestName: string): LookupFailure | undefined {
  const transport = classifyTransport('alimtalk', outcome, requestName);
  if (transport) return transport;
  if (outcome.kind !== 'response') return undefined;

  const header = (outcome.body as Partial<AlimtalkListResponse> | undefined)?.header;
  if (outcome.status >= 200 && outcome.status < 300 && header?.isSuccessful) return undefined;
  const detail = `${requestName} failed with HTTP ${outcome.status}${describeBody(outcome.body)}`;
  const code = String(header?.resultCode ?? `http-${outcome.status}`);
  return { outcome: 'retryable', channel: 'alimtalk', code, detail };
}

function toLookupFound(record: AlimtalkMessageRecord): LookupFound {
  const resultCode = record.resultCode ?? '';
  return {
    found: true,
    providerRequestId: record.requestId,
    recipientSeq: record.recipientSeq,
    state: deliveryStateOf(resultCode, record.messageStatus),
    resultCode,
  };
}

/**
 * Formats an instant as NHN query dates want it, "yyyy-MM-dd HH:mm".
 * NOTE: NHN's pages give these dates without a zone; we send Korean time (UTC+9, no DST).
 */
export function formatNhnDate(date: Date): string {
  const korean = new Date(date.getTime() + 9 * 3600_000);
  return korean.toISOString().slice(0, 16).replace('T', ' ');
}

export {
  alimtalkWebhookSignatureHeader,
  readAlimtalkWebhook,
  verifyWebhookSignature,
  type AlimtalkResultUpdate,
  type AlimtalkWebhookReading,
} from './alimtalk-webhook.js';
