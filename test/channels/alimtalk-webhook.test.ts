import { existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  NhnAlimtalkSender,
  readAlimtalkWebhook,
  verifyWebhookSignature,
  type AlimtalkResultUpdate,
} from '../../src/channels/kakao/alimtalk-nhn.js';
import { defaultFakeOptions } from '../support/fake-providers/options.js';
import { startFakeProviders, type FakeProviders } from '../support/fake-providers/server.js';
import { repoRoot } from '../support/process.js';
import { capturingLogger, makeMessage } from './helpers.js';

const secret = 'webhook-signature-0123456789';
const fixturesDir =
  process.env.ABROAD_FIXTURES_DIR ?? resolve(repoRoot, '..', 'shared', 'fixtures');
const webhookFixture = resolve(fixturesDir, 'kakao', '12-alimtalk-nhn-webhook-message-result.json');

/** A webhook endpoint as the service would run it: check, parse, respond 200 or the error status. */
function startReceiver() {
  const updates: AlimtalkResultUpdate[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      const signature = request.headers['x-toast-webhook-signature'];
      const reading = readAlimtalkWebhook(
        { signature: typeof signature === 'string' ? signature : undefined, body: JSON.parse(raw) },
        secret,
      );
      const status = reading.ok ? 200 : reading.status;
      statuses.push(status);
      if (reading.ok) updates.push(...reading.updates);
      response.writeHead(status).end();
    });
  });
  server.listen(0, '127.0.0.1');
  return { server, updates, statuses };
}

async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met in ${timeoutMs} ms`);
    await sleep(20);
  }
}

let fake: FakeProviders;
let receiver: ReturnType<typeof startReceiver>;
let webhookUrl: string;

beforeAll(async () => {
  receiver = startReceiver();
  await once(receiver.server, 'listening');
  webhookUrl = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hooks`;
  fake = await startFakeProviders();
});

afterAll(async () => {
  await fake.close();
  receiver.server.close();
});

beforeEach(() => {
  fake.setOptions({ ...defaultFakeOptions, webhookUrl, webhookSecret: secret });
  fake.reset();
  receiver.updates.length = 0;
  receiver.statuses.length = 0;
});

function makeSender() {
  return new NhnAlimtalkSender({
    baseUrl: fake.url,
    appKey: 'app',
    secretKey: 'secret',
    senderKey: 'S'.repeat(40),
    log: capturingLogger().log,
  });
}

describe('verifyWebhookSignature', () => {
  it('accepts the configured secret', () => {
    expect(verifyWebhookSignature(secret, secret)).toBe(true);
  });

  it('rejects a wrong, shorter or missing one', () => {
    expect(verifyWebhookSignature('webhook-signature-0123456780', secret)).toBe(false);
    expect(verifyWebhookSignature('webhook', secret)).toBe(false);
    expect(verifyWebhookSignature(undefined, secret)).toBe(false);
  });

  it('rejects everything when no secret is set', () => {
    expect(verifyWebhookSignature('', '')).toBe(false);
  });
});

describe('readAlimtalkWebhook', () => {
  it('reads results posted by the provider', async () => {
    fake.setOptions({ recipientFailures: { '01000000019': '3019' } });
    const sender = makeSender();
    const delivered = makeMessage({ phone: '+821012345678' });
    const notKakao = makeMessage({ phone: '+821000000019' });

    await sender.send(delivered);
    await sender.send(notKakao);
    await waitFor(() => receiver.updates.length === 2);

    const byKey = new Map(receiver.updates.map((update) => [update.recipientGroupingKey, update]));
    expect(byKey.get(delivered.deliveryId)).toMatchObject({
      state: 'delivered',
      resultCode: '1000',
      recipientFailure: false,
      recipientSeq: 1,
    });
    expect(byKey.get(notKakao.deliveryId)).toMatchObject({
      state: 'failed-permanent',
      resultCode: '3019',
      recipientFailure: true,
    });
    expect(receiver.statuses).not.toContain(401);
  });

  it('rejects a post with the wrong secret', async () => {
    fake.setOptions({ webhookSecret: 'not-the-secret' });

    await makeSender().send(makeMessage());
    await waitFor(() => receiver.statuses.length > 0);

    expect(receiver.statuses).toEqual([401]);
    expect(receiver.updates).toHaveLength(0);
    expect(fake.stats().counters.webhookFailures).toBe(1);
  });

  it('names every invalid field', () => {
    const body = { event: 'MESSAGE_RESULT_UPDATE', hooks: [{ recipientSeq: 'x' }] };

    const reading = readAlimtalkWebhook({ signature: secret, body }, secret);

    expect(reading.ok).toBe(false);
    const reason = reading.ok ? '' : reading.reason;
    expect(reading.ok ? 0 : reading.status).toBe(400);
    expect(reason).toContain('hooks[0]');
    expect(reason).toContain('requestId');
    expect(reason).toContain('recipientSeq');
  });

  it('accepts other events without updates', () => {
    const body = { event: 'TEMPLATE_STATUS_UPDATE', hooks: [{ templateCode: 'T' }] };

    const reading = readAlimtalkWebhook({ signature: secret, body }, secret);

    expect(reading).toEqual({ ok: true, event: 'TEMPLATE_STATUS_UPDATE', updates: [] });
  });

  it.skipIf(!existsSync(webhookFixture))('reads the documented envelope', () => {
    const envelope = JSON.parse(readFileSync(webhookFixture, 'utf8')) as {
      hooks: Record<string, unknown>[];
    };
    // The documented example has type names in place of values; fill in real ones.
    Object.assign(envelope.hooks[0], {
      requestId: '20230601000000abcdef',
      recipientSeq: 1,
      resultCode: '3020',
      recipientGroupingKey: 'delivery-1',
    });

    const reading = readAlimtalkWebhook({ signature: secret, body: envelope }, secret);

    expect(reading).toMatchObject({
      ok: true,
      event: 'MESSAGE_RESULT_UPDATE',
      updates: [
        {
          requestId: '20230601000000abcdef',
          recipientGroupingKey: 'delivery-1',
          state: 'failed-permanent',
          recipientFailure: true,
          receiveDate: '2023-06-01',
        },
      ],
    });
  });
});

if (!existsSync(webhookFixture)) {
  console.warn(`skipping the documented-envelope test: ${webhookFixture} not found`);
}
