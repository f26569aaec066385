import type { Logger } from '../../log.js';
import type { SkillResponse } from './skill-response.js';

const loopbackHosts = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

/**
 * Tells whether a callback URL from a skill request may be called: HTTPS to a listed host, or
 * plain HTTP to a listed loopback host (local tests). A forged request must not make the
 * server call other hosts.
 */
export function callbackAllowed(url: string, allowedHosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const hostname = parsed.hostname.toLowerCase();
  const listed = allowedHosts.some((host) => {
    const wanted = host.toLowerCase();
    return wanted === hostname || wanted === parsed.host.toLowerCase();
  });
  if (!listed || parsed.username || parsed.password) return false;
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && loopbackHosts.has(hostname);
}

/** Kakao accepts the final answer for one minute after the request; we stop trying sooner. */
const callbackTimeoutMs = 10_000;

/**
 * Posts the final SkillResponse to a callback URL, once: Kakao's URL works a single time, so
 * a failure is logged and not retried.
 */
export async function postCallback(url: string, response: SkillResponse, log: Logger) {
  const started = Date.now();
  try {
    const result = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(response),
      signal: AbortSignal.timeout(callbackTimeoutMs),
      redirect: 'error',
    });
    const body = (await result.json().catch(() => ({}))) as { status?: string; taskId?: string };
    const line = {
      component: 'kakao-skill',
      status: result.status,
      kakaoStatus: body.status,
      taskId: body.taskId,
      ms: Date.now() - started,
    };
    if (result.ok && (body.status === undefined || body.status === 'SUCCESS')) {
      log.info(line, 'callback delivered');
    } else {
      log.warn(line, 'callback rejected');
    }
  } catch (error) {
    log.warn({ component: 'kakao-skill', err: error, ms: Date.now() - started }, 'callback failed');
  }
}
