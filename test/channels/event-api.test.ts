import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SendAccepted } from '../../src/channels/channel.js';
import { KakaoEventSender } from '../../src/channels/kakao/event-api.js';
import { defaultFakeOptions } from '../support/fake-providers/options.js';
import { startFakeProviders, type FakeProviders } from '../support/fake-providers/server.js';
import { capturingLogger, makeMessage } from './helpers.js';

const botId = '5f0000000000000000000001';
const restApiKey = 'fake-rest-api-key';
const userKey = 'FAKEbotUserKey0000000000000000001';

let fake: FakeProviders;

beforeAll(async () => {
  fake = await startFakeProviders();
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.setOptions({ ...defaultFakeOptions, eventBotId: botId, eventRestApiKey: restApiKey });
  fake.reset();
});

function makeSender(overrides: { botId?: string; restApiKey?: string; timeoutMs?: number } = {}) {
  const { log, lines } = capturingLogger();
  const sender = new KakaoEventSender({
    baseUrl: fake.url,
    botId: overrides.botId ?? botId,
    restApiKey: overrides.restApiKey ?? restApiKey,
    eventName: 'safety_alert',
    log,
    timeoutMs: overrides.timeoutMs ?? 2000,
  });
  return { sender, lines };
}

const kakaoUser = { type: 'botUserKey' as const, id: userKey };

describe('KakaoEventSender.send', () => {
  it('sends the documented request and returns the task', async () => {
    const { sender } = makeSender();
    const message = makeMessage({ phone: undefined, kakaoUser });

    const result = await sender.send(message);

    expect(result).toMatchObject({ outcome: 'accepted', channel: 'kakao-event', duplicate: false });
    const [request] = fake.requests();
    expect(request.path).toBe(`/v2/bots/${botId}/talk`);
    expect(request.headers.authorization).toBe(`KakaoAK ${restApiKey}`);
    expect(request.body).toEqual({
      event: { name: 'safety_alert', data: { text: message.text, buttons: message.buttons } },
      user: [{ type: 'botUserKey', id: userKey }],
      params: {
        region: '방콕',
        hazard: '홍수',
        deliveryId: message.deliveryId,
        alertId: message.alertId,
        templateCode: message.templateCode,
      },
    });
    expect((result as SendAccepted).providerRequestId).toBe(fake.records()[0].requestId);
  });

  it('reports a message without a user key', async () => {
    const { sender } = makeSender();

    const result = await sender.send(makeMessage({ kakaoUser: undefined }));

    expect(result).toMatchObject({ outcome: 'permanent', scope: 'recipient', code: 'no-user-key' });
    expect(fake.requests()).toHaveLength(0);
  });

  it('rejects text over 1000 characters', async () => {
    const { sender } = makeSender();

    const result = await sender.send(makeMessage({ kakaoUser, text: '가'.repeat(1001) }));

    expect(result).toMatchObject({ outcome: 'permanent', scope: 'channel', code: 'over-limit' });
    expect(result).toMatchObject({ detail: expect.stringContaining('got 1001') });
  });

  it('classifies a wrong bot id as a channel failure', async () => {
    const { sender } = makeSender({ botId: 'another-bot' });

    const result = await sender.send(makeMessage({ kakaoUser }));

    expect(result).toMatchObject({ outcome: 'permanent', scope: 'channel', code: 'FAIL' });
    expect(result).toMatchObject({ detail: expect.stringContaining('Invalid bot ID') });
  });

  it('classifies a wrong key as a channel failure', async () => {
    const { sender } = makeSender({ restApiKey: 'wrong' });

    const result = await sender.send(makeMessage({ kakaoUser }));

    expect(result).toMatchObject({ outcome: 'permanent', scope: 'channel', code: 'http-401' });
  });

  it('classifies 429, 503, drops and timeouts as retryable', async () => {
    const { sender, lines } = makeSender({ timeoutMs: 150 });
    fake.injectFaults(['rate-limit', 'server-error', 'drop']);

    const limited = await sender.send(makeMessage({ kakaoUser }));
    const failed = await sender.send(makeMessage({ kakaoUser }));
    const dropped = await sender.send(makeMessage({ kakaoUser }));
    fake.setOptions({ latencyMs: 500 });
    const timedOut = await sender.send(makeMessage({ kakaoUser }));

    expect(limited).toMatchObject({ outcome: 'retryable', code: 'http-429', retryAfterMs: 1000 });
    expect(failed).toMatchObject({ outcome: 'retryable', code: 'http-503' });
    expect(dropped).toMatchObject({ outcome: 'retryable', code: 'connection-failed' });
    expect(timedOut).toMatchObject({ outcome: 'retryable', code: 'timeout' });
    const warnings = lines().filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(4);
    expect(JSON.stringify(warnings)).not.toContain(userKey);
  });
});

describe('KakaoEventSender.taskResult', () => {
  it('reports a delivered task', async () => {
    const { sender } = makeSender();
    const sent = (await sender.send(makeMessage({ kakaoUser }))) as SendAccepted;

    const result = await sender.taskResult(sent.providerRequestId);

    expect(result).toEqual({
      found: true,
      providerRequestId: sent.providerRequestId,
      state: 'delivered',
      resultCode: 'ALL SUCCESS',
    });
  });

  it('reports a user who cannot receive as permanent', async () => {
    fake.setOptions({ recipientFailures: { [userKey]: 'NOT_FRIEND' } });
    const { sender } = makeSender();
    const sent = (await sender.send(makeMessage({ kakaoUser }))) as SendAccepted;

    const result = await sender.taskResult(sent.providerRequestId);

    expect(result).toMatchObject({ found: true, state: 'failed-permanent', resultCode: 'FAIL' });
  });

  it('reports a task still processing as pending', async () => {
    fake.setOptions({ deliveryDelayMs: 60_000 });
    const { sender } = makeSender();
    const sent = (await sender.send(makeMessage({ kakaoUser }))) as SendAccepted;

    const result = await sender.taskResult(sent.providerRequestId);

    expect(result).toMatchObject({ found: true, state: 'pending' });
  });

  it('classifies an unknown task as retryable', async () => {
    const { sender } = makeSender();

    const result = await sender.taskResult('00000000-0000-0000-0000-000000000000');

    expect(result).toMatchObject({ outcome: 'retryable', code: 'http-404' });
  });
});
