import type { Logger } from '../log.js';
import type { ChannelName, SendPermanent, SendRetryable, SendResult } from './channel.js';

/** One HTTP exchange with a provider: a response with any status, or no response at all. */
export type HttpOutcome =
  | { kind: 'response'; status: number; body: unknown; retryAfterMs?: number }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'network'; message: string };

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
}

/**
 * Sends one request with native fetch and an explicit timeout. Never throws for transport
 * problems: a timeout, a refused or dropped connection come back as outcomes to classify.
 */
export async function requestProvider(request: HttpRequest): Promise<HttpOutcome> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const text = await response.text();
    return {
      kind: 'response',
      status: response.status,
      body: parseJsonOrText(text),
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    };
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      return { kind: 'timeout', timeoutMs: request.timeoutMs };
    }
    return { kind: 'network', message: describeNetworkError(error) };
  }
}

function parseJsonOrText(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Reads Retry-After as delay-seconds or an HTTP date (RFC 9110 section 10.2.3), in ms. */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** fetch wraps socket errors in "fetch failed"; the cause carries the useful code. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: string }).code;
    return code
      ? `${error.message}: ${code} ${cause.message}`
      : `${error.message}: ${cause.message}`;
  }
  return error.message;
}

/**
 * Classifies what needs no provider-specific reading: no response, 408, 429 and 5xx are
 * retryable, 401 and 403 are a channel misconfiguration. Returns undefined for any other
 * status, which the adapter reads from the provider's body.
 */
export function classifyTransport(
  channel: ChannelName,
  outcome: HttpOutcome,
  requestName: string,
): SendRetryable | SendPermanent | undefined {
  if (outcome.kind === 'timeout') {
    const detail = `${requestName} timed out after ${outcome.timeoutMs} ms`;
    return { outcome: 'retryable', channel, code: 'timeout', detail };
  }
  if (outcome.kind === 'network') {
    const detail = `${requestName} failed before a response: ${outcome.message}`;
    return { outcome: 'retryable', channel, code: 'connection-failed', detail };
  }

  const { status } = outcome;
  if (status === 408 || status === 429 || status >= 500) {
    const detail = `${requestName} failed with HTTP ${status}${describeBody(outcome.body)}`;
    const retryable: SendRetryable = {
      outcome: 'retryable',
      channel,
      code: `http-${status}`,
      detail,
    };
    if (outcome.retryAfterMs !== undefined) retryable.retryAfterMs = outcome.retryAfterMs;
    return retryable;
  }
  if (status === 401 || status === 403) {
    const detail = `${requestName} was rejected with HTTP ${status}${describeBody(outcome.body)}; check the provider keys in the configuration`;
    return { outcome: 'permanent', channel, scope: 'channel', code: `http-${status}`, detail };
  }
  return undefined;
}

/** Returns a short excerpt of an error body for messages; provider errors carry no personal data. */
export function describeBody(body: unknown): string {
  if (body === undefined) return '';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return `: ${text.length > 200 ? `${text.slice(0, 200)}...` : text}`;
}

/** Writes the one warn line per failed attempt; `fields` must already be masked. */
export function logFailedAttempt(
  log: Logger,
  result: SendResult,
  fields: Record<string, unknown>,
): void {
  if (result.outcome === 'accepted') return;
  log.warn(
    { ...fields, channel: result.channel, outcome: result.outcome, code: result.code },
    result.detail,
  );
}
