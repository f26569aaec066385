import { maskValue, type Logger } from '../../log.js';
import type {
  ChannelMessage,
  ChannelSender,
  KakaoUserKeyType,
  LookupFailure,
  LookupFound,
  SendResult,
} from '../channel.js';
import {
  classifyTransport,
  describeBody,
  logFailedAttempt,
  requestProvider,
  type HttpOutcome,
} from '../provider-http.js';

// Wire types of the Kakao i Open Builder Event API (the bot speaks first).

export interface EventApiUser {
  type: KakaoUserKeyType;
  id: string;
}

/** Body of POST /v2/bots/{botId}/talk. */
export interface EventApiRequest {
  event: { name: string; data?: Record<string, unknown> };
  user: EventApiUser[];
  params?: Record<string, string>;
}

/** SUCCESS means the task was accepted; per-user results come from the task query. */
export interface EventApiResponse {
  taskId: string;
  status: 'SUCCESS' | 'FAIL' | 'ERROR';
  message: string;
  timestamp: number;
}

/** Body of GET /v1/tasks/{taskId}. The shape of `fail.list` entries is not documented. */
export interface EventTaskResponse {
  status: string;
  allRequestCount: number;
  successCount: number;
  fail?: { count: number; list: unknown[] };
}

export const defaultEventApiBaseUrl = 'https://bot-api.kakao.com';

// Limits: a call takes at most 100 users, and this sender puts one in each. A user key has at most
// 70 characters. The event block shows the text as a simpleText bubble of at most 1,000 characters.
const maxUserKeyLength = 70;
const maxTextLength = 1000;

export interface KakaoEventOptions {
  baseUrl: string;
  /** Bot id; one ending in "!" is the bot's development channel. */
  botId: string;
  restApiKey: string;
  /** Event name set on the block that renders alerts. */
  eventName: string;
  log: Logger;
  /** Per request, in milliseconds. */
  timeoutMs?: number;
}

/**
 * Sends an alert as a chatbot event to one user known by a Kakao user key. The event block's
 * skill receives `params` (deliveryId, alertId, templateCode and the template variables, all
 * strings) and `event.data` ({ text, buttons }). Every event costs 15 KRW, also on the
 * development channel, and reaches only users who can receive from the channel.
 */
export class KakaoEventSender implements ChannelSender {
  readonly channel = 'kakao-event' as const;
  private readonly timeoutMs: number;

  constructor(private readonly options: KakaoEventOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async send(message: ChannelMessage): Promise<SendResult> {
    const to = message.kakaoUser ? maskValue(message.kakaoUser.id) : '(no user key)';
    const requestName = `Kakao Event API send of delivery ${message.deliveryId} to ${to}`;
    const built = this.buildRequest(message, requestName);
    if (typeof built === 'string') {
      const result: SendResult = {
        outcome: 'permanent',
        channel: 'kakao-event',
        scope: message.kakaoUser ? 'channel' : 'recipient',
        code: message.kakaoUser ? 'over-limit' : 'no-user-key',
        detail: built,
      };
      logFailedAttempt(this.options.log, result, { deliveryId: message.deliveryId, to });
      return result;
    }

    const outcome = await requestProvider({
      method: 'POST',
      url: `${this.baseUrl()}/v2/bots/${encodeURIComponent(this.options.botId)}/talk`,
      headers: this.headers(),
      body: built,
      timeoutMs: this.timeoutMs,
    });
    const result = readSendOutcome(outcome, requestName);
    logFailedAttempt(this.options.log, result, { deliveryId: message.deliveryId, to });
    return result;
  }

  /** Reads the per-user outcome of an accepted event; one user per task, so all-or-nothing. */
  async taskResult(taskId: string): Promise<LookupFound | LookupFailure> {
    const requestName = `Kakao Event API task query ${taskId}`;
    const outcome = await requestProvider({
      method: 'GET',
      url: `${this.baseUrl()}/v1/tasks/${encodeURIComponent(taskId)}`,
      headers: this.headers(),
      timeoutMs: this.timeoutMs,
    });
    const failure = classifyTransport('kakao-event', outcome, requestName);
    if (failure || outcome.kind !== 'response') {
      const result = failure ?? unreachable();
      logFailedAttempt(this.options.log, result, { taskId });
      return result;
    }

    const task = outcome.body as Partial<EventTaskResponse> | undefined;
    if (outcome.status !== 200 || typeof task?.successCount !== 'number') {
      const detail = `${requestName} returned HTTP ${outcome.status}${describeBody(outcome.body)}`;
      const result: LookupFailure = {
        outcome: 'retryable',
        channel: 'kakao-event',
        code: `http-${outcome.status}`,
        detail,
      };
      logFailedAttempt(this.options.log, result, { taskId });
      return result;
    }
    return toLookupFound(taskId, task as EventTaskResponse);
  }

  private buildRequest(message: ChannelMessage, requestName: string): EventApiRequest | string {
    const user = message.kakaoUser;
    if (!user) return `${requestName} was not made: the message has no Kakao user key`;

    const problems: string[] = [];
    if (user.id.length === 0 || user.id.length > maxUserKeyLength) {
      problems.push(
        `the ${user.type} must have 1 to ${maxUserKeyLength} characters, got ${user.id.length}`,
      );
    }
    if (message.text.length > maxTextLength) {
      problems.push(`the text allows ${maxTextLength} characters, got ${message.text.length}`);
    }
    if (problems.length > 0) return `${requestName} was not made: ${problems.join('; ')}`;

    return {
      event: {
        name: this.options.eventName,
        data: { text: message.text, buttons: message.buttons },
      },
      user: [{ type: user.type, id: user.id }],
      params: {
        ...message.variables,
        deliveryId: message.deliveryId,
        alertId: message.alertId,
        templateCode: message.templateCode,
      },
    };
  }

  private baseUrl(): string {
    return this.options.baseUrl.replace(/\/$/, '');
  }

  private headers(): Record<string, string> {
    return {
      'Content-Type': 'application/json;charset=UTF-8',
      Authorization: `KakaoAK ${this.options.restApiKey}`,
    };
  }
}

/**
 * FAIL names a request Kakao will never take (wrong bot id, event name or wallet); ERROR is an
 * internal failure worth retrying. Any other 4xx is a request we built wrong.
 */
function readSendOutcome(outcome: HttpOutcome, requestName: string): SendResult {
  const transport = classifyTransport('kakao-event', outcome, requestName);
  if (transport) return transport;
  if (outcome.kind !== 'response') return unreachable();

  const body = outcome.body as Partial<EventApiResponse> | undefined;
  if (outcome.status === 200 && body?.status === 'SUCCESS' && body.taskId) {
    return {
      outcome: 'accepted',
      channel: 'kakao-event',
      providerRequestId: body.taskId,
      duplicate: false,
    };
  }

  const detail = `${requestName} was rejected with HTTP ${outcome.status}${describeBody(outcome.body)}`;
  if (body?.status === 'ERROR') {
    return { outcome: 'retryable', channel: 'kakao-event', code: 'ERROR', detail };
  }
  const fix = '; check the bot id, the REST API key, the event name on the block and the wallet';
  const code = body?.status ?? `http-${outcome.status}`;
  return {
    outcome: 'permanent',
    channel: 'kakao-event',
    scope: 'channel',
    code,
    detail: detail + fix,
  };
}

function toLookupFound(taskId: string, task: EventTaskResponse): LookupFound {
  const failed = task.fail?.count ?? 0;
  let state: LookupFound['state'] = 'pending';
  if (task.successCount > 0) state = 'delivered';
  else if (failed > 0) state = 'failed-permanent';
  return { found: true, providerRequestId: taskId, state, resultCode: task.status };
}

function unreachable(): never {
  throw new Error('unreachable: transport outcome without a classification');
}
