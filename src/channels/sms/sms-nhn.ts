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
import {
  classifyTransport,
  describeBody,
  logFailedAttempt,
  requestProvider,
  type HttpOutcome,
} from '../provider-http.js';
import { chooseSmsType, lmsTitleMaxBytes, truncateEucKr, type SmsType } from './sms-text.js';

// Wire types of NHN Cloud SMS API v3.0.
// NOTE: the byte limits, the EUC-KR rule and "abroad: SMS only" are checked facts. The field names
// and result codes below are unverified against NHN's v3.0 reference; check them before going live.

export interface NhnHeader {
  resultCode: number;
  resultMessage: string;
  isSuccessful: boolean;
}

/** Korean numbers go in recipientNo; numbers abroad in internationalRecipientNo. */
export interface SmsRecipient {
  recipientNo?: string;
  countryCode?: string;
  internationalRecipientNo?: string;
  recipientGroupingKey: string;
}

/** Body of POST …/sender/sms (SMS) and …/sender/mms (LMS, with a title). */
export interface SmsSendRequest {
  title?: string;
  body: string;
  sendNo: string;
  recipientList: SmsRecipient[];
}

export interface SmsSendResultItem {
  recipientNo: string;
  resultCode: number;
  resultMessage: string;
  recipientSeq: number;
  recipientGroupingKey?: string;
}

export interface SmsSendResponse {
  header: NhnHeader;
  body?: {
    data?: {
      requestId: string;
      statusCode?: string;
      senderGroupingKey?: string;
      sendResultList: SmsSendResultItem[];
    };
  };
}

/** msgStatus: 0 failed, 1 requesting, 2 processing, 3 succeeded, 4 booking cancelled, 5 duplicate. */
export interface SmsMessageRecord {
  requestId: string;
  recipientSeq: number;
  msgStatus: string;
  msgStatusName?: string;
  resultCode?: string;
  recipientGroupingKey?: string;
  requestDate?: string;
  resultDate?: string;
}

export interface SmsListResponse {
  header: NhnHeader;
  body?: { pageNum: number; pageSize: number; totalCount: number; data: SmsMessageRecord[] };
}

export const defaultSmsBaseUrl = 'https://api-sms.cloud.toast.com';

export interface NhnSmsOptions {
  baseUrl: string;
  appKey: string;
  secretKey: string;
  /** Sender number registered in the NHN SMS console, digits only. */
  sendNo: string;
  log: Logger;
  /** Per request, in milliseconds. */
  timeoutMs?: number;
  /** How far back `lookup` searches, in milliseconds. */
  lookbackMs?: number;
  now?: () => Date;
}

/** Sends SMS, or LMS when the text is longer, through NHN Cloud, one recipient per request. */
export class NhnSmsSender implements ChannelSender {
  readonly channel = 'sms' as const;
  private readonly timeoutMs: number;
  private readonly lookbackMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: NhnSmsOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.lookbackMs = options.lookbackMs ?? 7 * 24 * 3600_000;
    this.now = options.now ?? (() => new Date());
  }

  async send(message: ChannelMessage): Promise<SendResult> {
    const to = message.phone ? maskValue(message.phone) : '(no phone)';
    const requestName = `NHN SMS send of delivery ${message.deliveryId} to ${to}`;
    const built = this.buildRequest(message, requestName);
    if ('outcome' in built) {
      logFailedAttempt(this.options.log, built, { deliveryId: message.deliveryId, to });
      return built;
    }

    const path = built.type === 'SMS' ? 'sms' : 'mms';
    const outcome = await requestProvider({
      method: 'POST',
      url: `${this.appUrl()}/sender/${path}`,
      headers: this.headers(),
      body: built.request,
      timeoutMs: this.timeoutMs,
    });
    const result = readSendOutcome(outcome, `${requestName} as ${built.type}`);
    logFailedAttempt(this.options.log, result, { deliveryId: message.deliveryId, to });
    return result;
  }

  /** Finds an earlier SMS or LMS by recipientGroupingKey (our deliveryId). */
  async lookup(groupingKey: string): Promise<LookupResult> {
    const end = this.now();
    const query = new URLSearchParams({
      startRequestDate: formatSmsDate(new Date(end.getTime() - this.lookbackMs)),
      endRequestDate: formatSmsDate(new Date(end.getTime() + 60_000)),
      recipientGroupingKey: groupingKey,
      pageSize: '100',
    });

    const found: LookupFound[] = [];
    for (const path of ['sms', 'mms']) {
      const requestName = `NHN SMS result query (${path}) for grouping key ${groupingKey}`;
      const records = await this.queryMessages(path, query, requestName);
      if (!Array.isArray(records)) {
        logFailedAttempt(this.options.log, records, { groupingKey });
        return records;
      }
      found.push(...records.map(toLookupFound));
    }
    return pickMostAdvanced(found) ?? { found: false };
  }

  private buildRequest(
    message: ChannelMessage,
    requestName: string,
  ): { type: SmsType; request: SmsSendRequest } | SendPermanent {
    const phone = message.phone ? parseProviderPhone(message.phone) : undefined;
    if (!phone) {
      const detail = `${requestName} was not made: expected an E.164 phone number such as +821012345678, got ${message.phone ? maskValue(message.phone) : 'none'}`;
      return {
        outcome: 'permanent',
        channel: 'sms',
        scope: 'recipient',
        code: 'invalid-phone',
        detail,
      };
    }

    const text = message.smsText ?? composeSmsText(message);
    const choice = chooseSmsType(text, !phone.domestic);
    if ('problem' in choice) {
      const detail = `${requestName} was not made: ${choice.problem}`;
      return {
        outcome: 'permanent',
        channel: 'sms',
        scope: 'channel',
        code: 'sms-text-invalid',
        detail,
      };
    }

    const recipient: SmsRecipient = phone.domestic
      ? { recipientNo: phone.nationalDigits, recipientGroupingKey: message.deliveryId }
      : {
          countryCode: phone.countryCode,
          internationalRecipientNo: phone.internationalDigits,
          recipientGroupingKey: message.deliveryId,
        };
    const request: SmsSendRequest = {
      body: text,
      sendNo: this.options.sendNo,
      recipientList: [recipient],
    };
    if (choice.type === 'LMS') request.title = lmsTitle(message, text);
    return { type: choice.type, request };
  }

  private async queryMessages(
    path: string,
    query: URLSearchParams,
    requestName: string,
  ): Promise<SmsMessageRecord[] | LookupFailure> {
    const outcome = await requestProvider({
      method: 'GET',
      url: `${this.appUrl()}/sender/${path}?${query.toString()}`,
      headers: this.headers(),
      timeoutMs: this.timeoutMs,
    });
    const failure = readQueryFailure(outcome, requestName);
    if (failure) return failure;

    const body = (outcome as { body: SmsListResponse }).body;
    return body.body?.data ?? [];
  }

  private appUrl(): string {
    const appKey = encodeURIComponent(this.options.appKey);
    return `${this.options.baseUrl.replace(/\/$/, '')}/sms/v3.0/appKeys/${appKey}`;
  }

  private headers(): Record<string, string> {
    return {
      'Content-Type': 'application/json;charset=UTF-8',
      'X-Secret-Key': this.options.secretKey,
    };
  }
}

/** Joins the alert text and a "name: link" line per web-link button, as AlimTalk's fallback does. */
export function composeSmsText(message: ChannelMessage): string {
  const links = message.buttons
    .filter((button) => button.type === 'WL' && button.linkMo)
    .map((button) => `${button.name}: ${button.linkMo}`);
  return [message.text, ...links].join('\n');
}

function lmsTitle(message: ChannelMessage, text: string): string {
  const firstLine = message.smsTitle ?? text.split('\n')[0] ?? '';
  return truncateEucKr(firstLine.trim(), lmsTitleMaxBytes);
}

/** Treats only -9999 (system error, as in NHN's AlimTalk API) as a passing API failure. */
function readSendOutcome(outcome: HttpOutcome, requestName: string): SendResult {
  const transport = classifyTransport('sms', outcome, requestName);
  if (transport) return transport;
  if (outcome.kind !== 'response') throw new Error('unreachable: transport outcome');

  const body = outcome.body as Partial<SmsSendResponse> | undefined;
  const header = body?.header;
  if (!header || typeof header.resultCode !== 'number') {
    const detail = `${requestName} returned HTTP ${outcome.status} without an NHN header${describeBody(outcome.body)}`;
    return {
      outcome: 'permanent',
      channel: 'sms',
      scope: 'channel',
      code: `http-${outcome.status}`,
      detail,
    };
  }
  if (!header.isSuccessful || header.resultCode !== 0) {
    const code = String(header.resultCode);
    const detail = `${requestName} was rejected: ${header.resultCode} ${header.resultMessage}`;
    if (header.resultCode === -9999) return { outcome: 'retryable', channel: 'sms', code, detail };
    const fix = '; check the NHN SMS app key, secret key and the registered sender number';
    return { outcome: 'permanent', channel: 'sms', scope: 'channel', code, detail: detail + fix };
  }

  return readRecipientResult(body, requestName);
}

function readRecipientResult(body: Partial<SmsSendResponse>, requestName: string): SendResult {
  const data = body.body?.data;
  const sent = data?.sendResultList?.[0];
  if (!data?.requestId || !sent) {
    const detail = `${requestName} was accepted without a requestId or sendResultList; check the NHN SMS base URL`;
    return { outcome: 'retryable', channel: 'sms', code: 'malformed-response', detail };
  }
  if (sent.resultCode !== 0) {
    const detail = `${requestName} was rejected for the recipient: ${sent.resultCode} ${sent.resultMessage}`;
    return {
      outcome: 'permanent',
      channel: 'sms',
      scope: 'recipient',
      code: String(sent.resultCode),
      detail,
    };
  }
  return {
    outcome: 'accepted',
    channel: 'sms',
    providerRequestId: data.requestId,
    recipientSeq: sent.recipientSeq,
    duplicate: false,
  };
}

function readQueryFailure(outcome: HttpOutcome, requestName: string): LookupFailure | undefined {
  const transport = classifyTransport('sms', outcome, requestName);
  if (transport) return transport;
  if (outcome.kind !== 'response') return undefined;

  const header = (outcome.body as Partial<SmsListResponse> | undefined)?.header;
  if (outcome.status >= 200 && outcome.status < 300 && header?.isSuccessful) return undefined;
  const detail = `${requestName} failed with HTTP ${outcome.status}${describeBody(outcome.body)}`;
  const code = String(header?.resultCode ?? `http-${outcome.status}`);
  return { outcome: 'retryable', channel: 'sms', code, detail };
}

const smsStates: Record<string, LookupFound['state']> = {
  '0': 'failed-permanent',
  '1': 'pending',
  '2': 'pending',
  '3': 'delivered',
  '4': 'cancelled',
  '5': 'cancelled',
};

function toLookupFound(record: SmsMessageRecord): LookupFound {
  return {
    found: true,
    providerRequestId: record.requestId,
    recipientSeq: record.recipientSeq,
    state: smsStates[record.msgStatus] ?? 'pending',
    resultCode: record.resultCode ?? record.msgStatus,
  };
}

/** Formats an instant as "yyyy-MM-dd HH:mm:ss" in Korean time (UTC+9, no DST). */
export function formatSmsDate(date: Date): string {
  const korean = new Date(date.getTime() + 9 * 3600_000);
  return korean.toISOString().slice(0, 19).replace('T', ' ');
}
