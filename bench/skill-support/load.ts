import { Agent, request } from 'node:http';

export interface LoadPlan {
  url: string;
  /** Requests per second, sent on a fixed schedule whatever the answers do (open loop). */
  rate: number;
  durationMs: number;
  /** Requests still unanswered past this count are not sent; they count as dropped. */
  maxInFlight: number;
  body(index: number): string;
  /** Checks an answer body; false counts as invalid. */
  check?(body: string): boolean;
}

export interface LoadResult {
  sent: number;
  answered: number;
  dropped: number;
  errors: number;
  invalid: number;
  /** Latencies in milliseconds from the scheduled send time, sorted. */
  latencies: number[];
  elapsedMs: number;
}

/**
 * An open-loop load generator: request i is due at i / rate seconds, and its latency counts
 * from that due time, so a slow server cannot hide queueing by slowing the sender. It stops by
 * itself after the planned duration plus at most 10 s for the last answers.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: plan.maxInFlight });
  const target = new URL(plan.url);
  const total = Math.round((plan.rate * plan.durationMs) / 1000);
  const result: LoadResult = {
    sent: 0,
    answered: 0,
    dropped: 0,
    errors: 0,
    invalid: 0,
    latencies: [],
    elapsedMs: 0,
  };
  const started = performance.now();
  let inFlight = 0;
  let index = 0;

  await new Promise<void>((finish) => {
    const settle = () => {
      inFlight -= 1;
      if (index >= total && inFlight === 0) finish();
    };
    const sendDue = () => {
      const now = performance.now();
      while (index < total && started + (index * 1000) / plan.rate <= now) {
        const due = started + (index * 1000) / plan.rate;
        const payload = plan.body(index);
        index += 1;
        if (inFlight >= plan.maxInFlight) {
          result.dropped += 1;
          continue;
        }
        inFlight += 1;
        result.sent += 1;
        send(agent, target, payload, (error, status, body) => {
          if (error || status !== 200) result.errors += 1;
          else {
            result.answered += 1;
            result.latencies.push(performance.now() - due);
            if (plan.check && !plan.check(body)) result.invalid += 1;
          }
          settle();
        });
      }
      if (index < total) setTimeout(sendDue, 1);
      else if (inFlight === 0) finish();
    };
    sendDue();
    setTimeout(finish, plan.durationMs + 10_000).unref();
  });

  result.elapsedMs = performance.now() - started;
  result.latencies.sort((a, b) => a - b);
  agent.destroy();
  return result;
}

function send(
  agent: Agent,
  target: URL,
  payload: string,
  done: (error: Error | undefined, status: number, body: string) => void,
) {
  const call = request(
    {
      agent,
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    },
    (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => done(undefined, response.statusCode ?? 0, body));
    },
  );
  call.on('error', (error) => done(error, 0, ''));
  call.end(payload);
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}
