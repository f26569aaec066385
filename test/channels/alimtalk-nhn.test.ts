import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SendAccepted } from '../../src/channels/channel.js';
import { NhnAlimtalkSender } from '../../src/channels/kakao/alimtalk-nhn.js';
import { startFakeProviders, type FakeProviders } from '../support/fake-providers/server.js';
import { defaultFakeOptions } from '../support/fake-providers/options.js';
import { capturingLogger, makeMessage } from './helpers.js';

const credentials = { appKey: 'fake-app-key', secretKey: 'fake-secret-key' };
const senderKey = 'S'.repeat(40);
const phone = '+821012345678';
const recipientNo = '01012345678';

let fake: FakeProviders;

beforeAll(async () => {
  fake = await startFakeProviders();
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.setOptions({
    ...defaultFakeOptions,
    alimtalkAppKey: credentials.appKey,
    alimtalkSecretKey: credentials.secretKey,
  });
  fake.reset();
});

function makeSender(overrides: { timeoutMs?: number; secretKey?: string } = {}) {
  const { log, lines } = capturingLogger();
  const sender = new NhnAlimtalkSender({
    baseUrl: fake.url,
    ...credentials,
    senderKey,
    log,
    timeoutMs: overrides.timeoutMs ?? 2000,
    ...(overrides.secretKey ? { secretKey: overrides.secretKey } : {}),
  });
  const warnings = () => lines().filter((line) => line.level === 'warn');
  return { sender, warnings, lines };
}

describe('NhnAlimtalkSender.send', () => {
  it('returns accepted with request id and seq', async () => {
    const { sender, warnings } = makeSender();
    const message = makeMessage({ phone });

    const result = await sender.send(message);

    expect(result.outcome).toBe('accepted');
    if (result.outcome !== 'accepted') return;
    const [record] = fake.records('alimtalk');
    expect(result.providerRequestId).toBe(record.requestId);
    expect(result.recipientSeq).toBe(1);
    expect(result.duplicate).toBe(false);
    expect(record.recipient).toBe(recipientNo);
    expect(record.groupingKey).toBe(message.deliveryId);
    expect(warnings()).toHaveLength(0);
  });

  it('sends the documented headers and body', async () => {
    const { sender } = makeSender();
    const message = makeMessage({
      phone,
      buttons: [{ type: 'BT', name: '상담 연결', chatExtra: 'alert=1', chatEvent: 'checkin' }],
    });

    await sender.send(message);

    const [request] = fake.requests();
    expect(request.path).toBe(`/alimtalk/v2.3/appkeys/${credentials.appKey}/messages`);
    expect(request.headers['x-secret-key']).toBe(credentials.secretKey);
    expect(request.headers['x-nc-api-idempotency-key']).toBe(message.deliveryId);
    expect(request.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(request.body).toEqual({
      senderKey,
      templateCode: message.templateCode,
      recipientList: [
        {
          recipientNo,
          templateParameter: message.variables,
          buttons: [{ ordering: 1, chatExtra: 'alert=1', chatEvent: 'checkin' }],
          resendParameter: { isResend: false },
          recipientGroupingKey: message.deliveryId,
        },
      ],
    });
  });

  it('classifies 429 as retryable with Retry-After', async () => {
    fake.setOptions({ retryAfterSeconds: 7 });
    fake.injectFaults(['rate-limit']);
    const { sender, warnings } = makeSender();

    const result = await sender.send(makeMessage({ phone }));

    expect(result).toMatchObject({ outcome: 'retryable', code: 'http-429', retryAfterMs: 7000 });
    expect(fake.records()).toHaveLength(0);
    expect(warnings()).toHaveLength(1);
  });

  it('classifies 503 as retryable', async () => {
    fake.injectFaults(['server-error']);
    const { sender } = makeSender();

    const result = await sender.send(makeMessage({ phone }));

    expect(result).toMatchObject({ outcome: 'retryable', code: 'http-503' });
    expect(result).not.toHaveProperty('retryAfterMs');
  });

  it('classifies a timeout as retryable', async () => {
    fake.setOptions({ latencyMs: 600 });
    const { sender } = makeSender({ timeoutMs: 150 });

    const result = await sender.send(makeMessage({ phone }));

    expect(result).toMatchObject({ outcome: 'retryable', code: 'timeout' });
    expect(result).toMatchObject({ detail: expect.stringContaining('timed out after 150 ms') });
  });

  it('classifies a dropped connection as retryable', async () => {
    fake.injectFaults(['drop']);
    const { sender } = makeSender();

    const result = await sender.send(makeMessage({ phone }));

    expect(result).toMatchObject({ outcome: 'retryable', code: 'connection-failed' });
    expect(fake.records()).toHaveLength(0);
    expect(fake.stats().counters.dropped).toBe(1);
  });

  it('classifies an invalid recipient as permanent', async () => {
    fake.setOptions({ recipientFailures: { [recipientNo]: '-5000' } });
    const { sender, warnings } = makeSender();

    const result = await sender.send(makeMessage({ phone }));

    expect(result).toMatchObject({ outcome: 'permanent', scope: 'recipient', code: '-5000' });
    expect(warnings()).toHaveLength(1);
  });

  it('classifies a wrong secret as a channel failure', async () => {
    const { sender } = makeSender({ secretKey: 'wrong-secret' });

    const result = await sender.send(makeMessage({ phone }));

    expect(result).toMatchObject({ outcome: 'permanent', scope: 'channel', code: '-1001' });
    expect(result).toMatchObject({ detail: expect.stringContaining('secret key') });
  });

  it('rejects a bad phone without a request', async () => {
    const { sender } = makeSender();

    const result = await sender.send(makeMessage({ phone: '+82101234' }));

    expect(result).toMatchObject({
      outcome: 'permanent',
      scope: 'recipient',
      code: 'invalid-phone',
    });
    expect(fake.requests()).toHaveLength(0);
  });

  it('lists every broken limit without a request', async () => {
    const { sender } = makeSender();
    const message = makeMessage({
      phone,
      templateCode: 'T'.repeat(21),
      text: '가'.repeat(1301),
      variables: { '#{region}': '방콕' },
    });

    const result = await sender.send(message);

    expect(result).toMatchObject({ outcome: 'permanent', scope: 'channel', code: 'over-limit' });
    const detail = result.outcome === 'permanent' ? result.detail : '';
    expect(detail).toContain('templateCode must have 1 to 20 characters, got 21');
    expect(detail).toContain('allows 1300 characters, got 1301');
    expect(detail).toContain('template variable "#{region}"');
    expect(fake.requests()).toHaveLength(0);
  });

  it('masks the phone number in warnings', async () => {
    fake.injectFaults(['server-error']);
    const { sender, lines } = makeSender();

    await sender.send(makeMessage({ phone }));

    const text = JSON.stringify(lines());
    expect(text).not.toContain(phone);
    expect(text).not.toContain(recipientNo);
    expect(text).toContain('NHN AlimTalk send of delivery');
  });
});

describe('NhnAlimtalkSender idempotency', () => {
  it('finds the earlier send after a reused key', async () => {
    fake.injectFaults(['drop-after-accept']);
    const { sender, warnings } = makeSender();
    const message = makeMessage({ phone });

    const first = await sender.send(message);
    const second = await sender.send(message);

    expect(warnings()).toHaveLength(1);
    expect(first).toMatchObject({ outcome: 'retryable', code: 'connection-failed' });
    expect(second).toMatchObject({ outcome: 'accepted', duplicate: true });
    expect(fake.records('alimtalk')).toHaveLength(1);
    const [record] = fake.records('alimtalk');
    expect(second).toMatchObject({ providerRequestId: record.requestId });
    expect(fake.stats().counters.idempotencyRejected).toBe(1);
  });

  it('returns the earlier answer in replay mode', async () => {
    fake.setOptions({ idempotencyReply: 'replay' });
    const { sender } = makeSender();
    const message = makeMessage({ phone });

    const first = await sender.send(message);
    const second = await sender.send(message);

    expect(second).toMatchObject({ outcome: 'accepted' });
    expect(first.outcome).toBe('accepted');
    expect(second).toMatchObject({ providerRequestId: (first as SendAccepted).providerRequestId });
    expect(fake.stats().acceptedPerRecipient.alimtalk[recipientNo]).toBe(1);
  });

  it('sends again once the window has passed', async () => {
    fake.setOptions({ idempotencyWindowMs: 300 });
    const { sender } = makeSender();
    const message = makeMessage({ phone });

    await sender.send(message);
    const inside = await sender.send(message);
    await sleep(350);
    const after = await sender.send(message);

    expect(inside).toMatchObject({ outcome: 'accepted', duplicate: true });
    expect(after).toMatchObject({ outcome: 'accepted', duplicate: false });
    expect(fake.stats().acceptedPerRecipient.alimtalk[recipientNo]).toBe(2);
  });

  it('retries later when the reused key sent nothing', async () => {
    fake.setOptions({ recipientFailures: { [recipientNo]: '-3004' } });
    const { sender } = makeSender();
    const message = makeMessage({ phone });

    const first = await sender.send(message);
    const second = await sender.send(message);

    expect(first).toMatchObject({ outcome: 'permanent', scope: 'channel', code: '-3004' });
    expect(second).toMatchObject({ outcome: 'retryable', code: '-1005', retryAfterMs: 60_000 });
  });
});

describe('NhnAlimtalkSender.lookup', () => {
  it('finds an earlier send by grouping key', async () => {
    const { sender } = makeSender();
    const message = makeMessage({ phone });
    const sent = await sender.send(message);

    const found = await sender.lookup(message.deliveryId);

    expect(found).toMatchObject({ found: true, state: 'delivered', resultCode: '1000' });
    expect(found).toMatchObject({ providerRequestId: (sent as SendAccepted).providerRequestId });
    const query = fake.requests().at(-1)!;
    expect(query.path).toBe(`/alimtalk/v2.3/appkeys/${credentials.appKey}/messages`);
  });

  it('reports nothing for an unknown key', async () => {
    const { sender } = makeSender();
    await sender.send(makeMessage({ phone }));

    expect(await sender.lookup('never-sent')).toEqual({ found: false });
  });

  it('reports pending before the result arrives', async () => {
    fake.setOptions({ deliveryDelayMs: 60_000 });
    const { sender } = makeSender();
    const message = makeMessage({ phone });
    await sender.send(message);

    expect(await sender.lookup(message.deliveryId)).toMatchObject({
      found: true,
      state: 'pending',
    });
  });

  it('reports not a KakaoTalk user as permanent', async () => {
    fake.setOptions({ recipientFailures: { [recipientNo]: '3019' } });
    const { sender } = makeSender();
    const message = makeMessage({ phone });

    const sent = await sender.send(message);
    const found = await sender.lookup(message.deliveryId);

    expect(sent.outcome).toBe('accepted');
    expect(found).toMatchObject({ found: true, state: 'failed-permanent', resultCode: '3019' });
  });

  it('lists the recipients of one request', async () => {
    const { sender } = makeSender();
    const sent = await sender.send(makeMessage({ phone }));
    const requestId = sent.outcome === 'accepted' ? sent.providerRequestId : '';

    const found = await sender.lookupRequest(requestId);

    expect(found).toEqual([
      {
        found: true,
        providerRequestId: requestId,
        recipientSeq: 1,
        state: 'delivered',
        resultCode: '1000',
      },
    ]);
  });

  it('classifies a failed query as retryable', async () => {
    fake.setOptions({ latencyMs: 500 });
    const { sender } = makeSender({ timeoutMs: 100 });

    expect(await sender.lookup('any')).toMatchObject({ outcome: 'retryable', code: 'timeout' });
  });
});
