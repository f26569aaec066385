import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SendAccepted } from '../../src/channels/channel.js';
import { composeSmsText, NhnSmsSender } from '../../src/channels/sms/sms-nhn.js';
import { measureEucKr } from '../../src/channels/sms/sms-text.js';
import { defaultFakeOptions } from '../support/fake-providers/options.js';
import { startFakeProviders, type FakeProviders } from '../support/fake-providers/server.js';
import { capturingLogger, makeMessage } from './helpers.js';

const credentials = { appKey: 'fake-sms-app', secretKey: 'fake-sms-secret' };
const phone = '+821012345678';
const recipientNo = '01012345678';
const shortText = '[외교부] 방콕 홍수 경보. 안전에 유의하세요.';
const longText = `${'[외교부] 방콕 지역 홍수 경보가 발령되었습니다. '.repeat(4)}안전한 곳으로 이동하세요.`;

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
    smsAppKey: credentials.appKey,
    smsSecretKey: credentials.secretKey,
  });
  fake.reset();
});

function makeSender(timeoutMs = 2000) {
  const { log, lines } = capturingLogger();
  const sender = new NhnSmsSender({
    baseUrl: fake.url,
    ...credentials,
    sendNo: '0232100404',
    log,
    timeoutMs,
  });
  return { sender, lines };
}

describe('NhnSmsSender.send', () => {
  it('sends short Korean text as SMS', async () => {
    const { sender } = makeSender();
    const message = makeMessage({ phone, smsText: shortText });

    const result = await sender.send(message);

    expect(result).toMatchObject({ outcome: 'accepted', channel: 'sms', recipientSeq: 1 });
    const [request] = fake.requests();
    expect(request.path).toBe(`/sms/v3.0/appKeys/${credentials.appKey}/sender/sms`);
    expect(request.headers['x-secret-key']).toBe(credentials.secretKey);
    expect(request.body).toEqual({
      body: shortText,
      sendNo: '0232100404',
      recipientList: [{ recipientNo, recipientGroupingKey: message.deliveryId }],
    });
  });

  it('sends text over 90 bytes as LMS with a title', async () => {
    const { sender } = makeSender();

    const result = await sender.send(makeMessage({ phone, smsText: longText }));

    expect(result).toMatchObject({ outcome: 'accepted' });
    const [request] = fake.requests();
    expect(request.path).toBe(`/sms/v3.0/appKeys/${credentials.appKey}/sender/mms`);
    const body = request.body as { title: string; body: string };
    expect(body.body).toBe(longText);
    expect(body.title).toBe('[외교부] 방콕 지역 홍수 경보가 발령되었');
    expect(measureEucKr(body.title).bytes).toBeLessThanOrEqual(40);
    expect(fake.records('sms')[0].smsType).toBe('LMS');
  });

  it('uses the LMS title given', async () => {
    const { sender } = makeSender();

    await sender.send(makeMessage({ phone, smsText: longText, smsTitle: '안전 알림' }));

    expect((fake.requests()[0].body as { title: string }).title).toBe('안전 알림');
  });

  it('builds the text from alert and links', async () => {
    const { sender } = makeSender();
    const message = makeMessage({ phone, smsText: undefined });

    await sender.send(message);

    const body = fake.requests()[0].body as { body: string };
    expect(body.body).toBe(composeSmsText(message));
    expect(body.body).toBe(`${message.text}\n안부 알리기: https://abroad.example.org/c/abc`);
  });

  it('sends SMS abroad by international number', async () => {
    const { sender } = makeSender();
    const message = makeMessage({ phone: '+66812345678', smsText: shortText });

    const result = await sender.send(message);

    expect(result).toMatchObject({ outcome: 'accepted' });
    const [request] = fake.requests();
    expect(request.path.endsWith('/sender/sms')).toBe(true);
    expect((request.body as { recipientList: unknown[] }).recipientList).toEqual([
      {
        countryCode: '66',
        internationalRecipientNo: '66812345678',
        recipientGroupingKey: message.deliveryId,
      },
    ]);
  });

  it('rejects long text abroad without a request', async () => {
    const { sender, lines } = makeSender();

    const result = await sender.send(makeMessage({ phone: '+66812345678', smsText: longText }));

    expect(result).toMatchObject({
      outcome: 'permanent',
      scope: 'channel',
      code: 'sms-text-invalid',
    });
    expect(result).toMatchObject({ detail: expect.stringContaining('SMS only') });
    expect(fake.requests()).toHaveLength(0);
    expect(lines().filter((line) => line.level === 'warn')).toHaveLength(1);
  });

  it('rejects emoji without a request', async () => {
    const { sender } = makeSender();

    const result = await sender.send(makeMessage({ phone, smsText: '안전 확인 부탁드립니다 🙏' }));

    expect(result).toMatchObject({ outcome: 'permanent', code: 'sms-text-invalid' });
    expect(fake.requests()).toHaveLength(0);
  });

  it('classifies 429 as retryable with Retry-After', async () => {
    fake.setOptions({ retryAfterSeconds: 3 });
    fake.injectFaults(['rate-limit']);
    const { sender } = makeSender();

    const result = await sender.send(makeMessage({ phone, smsText: shortText }));

    expect(result).toMatchObject({ outcome: 'retryable', code: 'http-429', retryAfterMs: 3000 });
  });

  it('classifies 503 as retryable', async () => {
    fake.injectFaults(['server-error']);
    const { sender } = makeSender();

    const result = await sender.send(makeMessage({ phone, smsText: shortText }));

    expect(result).toMatchObject({ outcome: 'retryable', code: 'http-503' });
  });

  it('classifies timeouts and drops as retryable', async () => {
    const { sender } = makeSender(150);
    fake.injectFaults(['drop']);
    const dropped = await sender.send(makeMessage({ phone, smsText: shortText }));

    fake.setOptions({ latencyMs: 500 });
    const timedOut = await sender.send(makeMessage({ phone, smsText: shortText }));

    expect(dropped).toMatchObject({ outcome: 'retryable', code: 'connection-failed' });
    expect(timedOut).toMatchObject({ outcome: 'retryable', code: 'timeout' });
  });

  it('classifies a rejected recipient as permanent', async () => {
    fake.setOptions({ recipientFailures: { [recipientNo]: '-4001' } });
    const { sender } = makeSender();

    const result = await sender.send(makeMessage({ phone, smsText: shortText }));

    expect(result).toMatchObject({ outcome: 'permanent', scope: 'recipient', code: '-4001' });
  });

  it('classifies a wrong app key as a channel failure', async () => {
    fake.setOptions({ smsAppKey: 'another-app' });
    const { sender } = makeSender();

    const result = await sender.send(makeMessage({ phone, smsText: shortText }));

    expect(result).toMatchObject({ outcome: 'permanent', scope: 'channel', code: '-1000' });
  });

  it('masks the phone number in warnings', async () => {
    fake.injectFaults(['server-error']);
    const { sender, lines } = makeSender();

    await sender.send(makeMessage({ phone, smsText: shortText }));

    const text = JSON.stringify(lines());
    expect(text).toContain('NHN SMS send of delivery');
    expect(text).not.toContain(phone);
    expect(text).not.toContain(recipientNo);
  });
});

describe('NhnSmsSender idempotency and lookup', () => {
  it('gets the earlier result within the window', async () => {
    fake.setOptions({ idempotencyWindowMs: 300 });
    const { sender } = makeSender();
    const message = makeMessage({ phone, smsText: shortText });

    const first = await sender.send(message);
    const again = await sender.send(message);
    await sleep(350);
    const after = await sender.send(message);

    expect(first.outcome).toBe('accepted');
    expect(again).toMatchObject({ providerRequestId: (first as SendAccepted).providerRequestId });
    expect(after).toMatchObject({ outcome: 'accepted' });
    expect(after).not.toMatchObject({
      providerRequestId: (first as SendAccepted).providerRequestId,
    });
    expect(fake.stats().acceptedPerRecipient.sms[recipientNo]).toBe(2);
  });

  it('finds an earlier SMS or LMS by our key', async () => {
    const { sender } = makeSender();
    const sms = makeMessage({ phone, smsText: shortText });
    const lms = makeMessage({ phone, smsText: longText });
    const sentSms = await sender.send(sms);
    const sentLms = await sender.send(lms);

    const foundSms = await sender.lookup(sms.deliveryId);
    const foundLms = await sender.lookup(lms.deliveryId);

    expect(foundSms).toMatchObject({ found: true, state: 'delivered' });
    expect(foundSms).toMatchObject({
      providerRequestId: (sentSms as SendAccepted).providerRequestId,
    });
    expect(foundLms).toMatchObject({ found: true, state: 'delivered' });
    expect(foundLms).toMatchObject({
      providerRequestId: (sentLms as SendAccepted).providerRequestId,
    });
    expect(await sender.lookup('never-sent')).toEqual({ found: false });
  });

  it('reports a failed delivery and a pending one', async () => {
    fake.setOptions({ recipientFailures: { '01000000019': '3015' } });
    const { sender } = makeSender();
    const failed = makeMessage({ phone: '+821000000019', smsText: shortText });
    await sender.send(failed);
    fake.setOptions({ deliveryDelayMs: 60_000 });
    const pending = makeMessage({ phone, smsText: shortText });
    await sender.send(pending);

    expect(await sender.lookup(failed.deliveryId)).toMatchObject({
      found: true,
      state: 'failed-permanent',
      resultCode: '3015',
    });
    expect(await sender.lookup(pending.deliveryId)).toMatchObject({
      found: true,
      state: 'pending',
    });
  });
});
