/**
 * Sends a burst of AlimTalk messages to a fake provider from a process of its own, the way a
 * worker node would: a fixed set of deliveries, a few in flight at once, each retried on a
 * retryable result after its Retry-After or a short backoff. Prints one JSON summary line.
 *
 *   node bin/run-ts.js test/support/fake-providers/send-burst.ts \
 *     --url http://127.0.0.1:PORT --count 40 --prefix burst --concurrency 8
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { ChannelMessage, SendResult } from '../../../src/channels/channel.js';
import { NhnAlimtalkSender } from '../../../src/channels/kakao/alimtalk-nhn.js';
import { createLogger } from '../../../src/log.js';

const maxAttempts = 30;

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    count: { type: 'string', default: '20' },
    prefix: { type: 'string', default: 'burst' },
    concurrency: { type: 'string', default: '4' },
  },
});
if (!values.url) throw new Error('--url is required, e.g. --url http://127.0.0.1:4000');

const sender = new NhnAlimtalkSender({
  baseUrl: values.url,
  appKey: 'burst-app',
  secretKey: 'burst-secret',
  senderKey: 'S'.repeat(40),
  log: createLogger('silent'),
  timeoutMs: 5000,
});

function messageFor(index: number): ChannelMessage {
  return {
    deliveryId: `${values.prefix}-${index}`,
    alertId: 'burst-alert',
    travelerRef: `traveler-${index}`,
    phone: `+82100000${String(index).padStart(4, '0')}`,
    templateCode: 'SAFETY_ALERT_01',
    text: '[외교부] 안전 알림',
    variables: { region: '방콕' },
    buttons: [],
  };
}

async function sendWithRetries(message: ChannelMessage): Promise<SendResult> {
  let result: SendResult = await sender.send(message);
  for (let attempt = 1; attempt < maxAttempts && result.outcome === 'retryable'; attempt += 1) {
    await sleep(result.retryAfterMs ?? 50 * attempt);
    result = await sender.send(message);
  }
  return result;
}

const summary = { accepted: 0, duplicates: 0, retryable: 0, permanent: 0 };
const queue = Array.from({ length: Number(values.count) }, (_, index) => index);
async function worker(): Promise<void> {
  for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
    const result = await sendWithRetries(messageFor(index));
    if (result.outcome === 'accepted') {
      summary.accepted += 1;
      if (result.duplicate) summary.duplicates += 1;
    } else {
      summary[result.outcome] += 1;
    }
  }
}

await Promise.all(Array.from({ length: Number(values.concurrency) }, () => worker()));
process.stdout.write(`${JSON.stringify(summary)}\n`);
