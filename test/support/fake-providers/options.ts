/**
 * Switches of the fake provider server. Every rate is a probability from 0 to 1 per send
 * request, drawn from a seeded generator so a run can be repeated.
 */
export interface FakeProviderOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Delay added before each provider request is handled, in milliseconds. */
  latencyMs: number;
  /** Share of send requests that get 503. */
  serverErrorRate: number;
  /** Share of send requests that get 429 with Retry-After. */
  rateLimitRate: number;
  /** Retry-After sent with every 429, in seconds. */
  retryAfterSeconds: number;
  /** Share of send requests whose socket is destroyed before any response (nothing is sent). */
  dropRate: number;
  /** Accepted sends allowed in any 1,000 ms; past it the response is 429. Unset: no limit. */
  rateLimitPerSecond: number | undefined;
  /**
   * Result codes by recipient (the recipientNo as sent, or the Kakao user key). A code starting
   * with "-" rejects the recipient in the send response. Any other code is accepted and reported
   * later as the delivery result (3019: not a KakaoTalk user, 3020: blocked).
   */
  recipientFailures: Record<string, string>;
  /**
   * How long an idempotency key is remembered, in milliseconds: X-NC-API-IDEMPOTENCY-KEY for
   * AlimTalk (10 minutes at NHN) and recipientGroupingKey for SMS. Later it is a new message.
   */
  idempotencyWindowMs: number;
  /**
   * Answer to a reused AlimTalk idempotency key: "reject" fails with -1005 as NHN documents,
   * "replay" returns the earlier response. SMS always replays.
   */
  idempotencyReply: 'reject' | 'replay';
  /** Time from acceptance to the final delivery result, in milliseconds. */
  deliveryDelayMs: number;
  /** Where final AlimTalk results are POSTed as NHN webhooks; loopback addresses only. */
  webhookUrl: string | undefined;
  /** Sent in X-Toast-Webhook-Signature with every webhook. */
  webhookSecret: string;
  /** Expected credentials; an unset one accepts any value. */
  alimtalkAppKey: string | undefined;
  alimtalkSecretKey: string | undefined;
  smsAppKey: string | undefined;
  smsSecretKey: string | undefined;
  eventBotId: string | undefined;
  eventRestApiKey: string | undefined;
  /** Seed of the generator behind the rates. */
  seed: number;
}

export const defaultFakeOptions: FakeProviderOptions = {
  port: 0,
  latencyMs: 0,
  serverErrorRate: 0,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
  dropRate: 0,
  rateLimitPerSecond: undefined,
  recipientFailures: {},
  idempotencyWindowMs: 10 * 60_000,
  idempotencyReply: 'reject',
  deliveryDelayMs: 0,
  webhookUrl: undefined,
  webhookSecret: 'fake-webhook-secret',
  alimtalkAppKey: undefined,
  alimtalkSecretKey: undefined,
  smsAppKey: undefined,
  smsSecretKey: undefined,
  eventBotId: undefined,
  eventRestApiKey: undefined,
  seed: 1,
};

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Merges a partial update into options and checks the values a test could get wrong. */
export function mergeOptions(
  current: FakeProviderOptions,
  update: Partial<FakeProviderOptions>,
): FakeProviderOptions {
  const merged = { ...current, ...update };
  const problems: string[] = [];
  for (const name of ['serverErrorRate', 'rateLimitRate', 'dropRate'] as const) {
    const value = merged[name];
    if (!(value >= 0 && value <= 1)) problems.push(`${name} must be from 0 to 1, got ${value}`);
  }
  if (!['reject', 'replay'].includes(merged.idempotencyReply)) {
    problems.push(`idempotencyReply must be reject or replay, got ${merged.idempotencyReply}`);
  }
  if (merged.webhookUrl !== undefined && !isLoopbackUrl(merged.webhookUrl)) {
    problems.push(
      `webhookUrl must point to 127.0.0.1, localhost or [::1], got ${merged.webhookUrl}`,
    );
  }
  if (problems.length > 0) throw new Error(`invalid fake provider options: ${problems.join('; ')}`);
  return merged;
}

function isLoopbackUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && loopbackHosts.has(url.hostname)
    );
  } catch {
    return false;
  }
}
