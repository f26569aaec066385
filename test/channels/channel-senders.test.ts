import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createChannelSenders,
  FileOutbox,
  KakaoEventSender,
  NhnAlimtalkSender,
  NhnSmsSender,
  sharedOutbox,
} from '../../src/channels/index.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createTraveler, eraseTravelers, registeredErasers } from '../../src/travelers/index.js';
import { forEachDialect } from '../support/db.js';
import { startFakeProviders, type FakeProviders } from '../support/fake-providers/server.js';
import { capturingLogger, makeMessage } from './helpers.js';

const allProviders = {
  ABROAD_NHN_ALIMTALK_APP_KEY: 'alimtalk-app',
  ABROAD_NHN_ALIMTALK_SECRET_KEY: 'alimtalk-secret',
  ABROAD_NHN_ALIMTALK_SENDER_KEY: 'K'.repeat(40),
  ABROAD_NHN_SMS_APP_KEY: 'sms-app',
  ABROAD_NHN_SMS_SECRET_KEY: 'sms-secret',
  ABROAD_NHN_SMS_SEND_NO: '02-3210-0404',
  ABROAD_KAKAO_EVENT_BOT_ID: 'bot-1',
  ABROAD_KAKAO_EVENT_REST_API_KEY: 'rest-key',
};

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('channel configuration', () => {
  it('leaves every provider off by default', () => {
    const config = loadConfig({});

    expect(config.alimtalk).toBeUndefined();
    expect(config.sms).toBeUndefined();
    expect(config.kakaoEvent).toBeUndefined();
    expect(config.providerWebhookSecret).toBeUndefined();
    expect(config.providerTimeoutMs).toBe(10_000);
  });

  it('reads all providers with their defaults', () => {
    const config = loadConfig(allProviders);

    expect(config.alimtalk).toEqual({
      baseUrl: 'https://kakaotalk-bizmessage.api.nhncloudservice.com',
      appKey: 'alimtalk-app',
      secretKey: 'alimtalk-secret',
      senderKey: 'K'.repeat(40),
    });
    expect(config.sms).toMatchObject({ sendNo: '0232100404' });
    expect(config.sms?.baseUrl).toBe('https://api-sms.cloud.toast.com');
    expect(config.kakaoEvent).toMatchObject({ botId: 'bot-1', eventName: 'abroad_alert' });
    expect(config.kakaoEvent?.baseUrl).toBe('https://bot-api.kakao.com');
    expect(Object.isFrozen(config.alimtalk)).toBe(true);
  });

  it('names every missing credential of a provider', () => {
    const error = configError({
      ABROAD_NHN_ALIMTALK_APP_KEY: 'app',
      ABROAD_NHN_SMS_SEND_NO: '1588',
    });

    expect(error.problems).toHaveLength(5);
    const line = (name: string) => error.problems.find((problem) => problem.startsWith(name));
    expect(line('ABROAD_NHN_ALIMTALK_SECRET_KEY=')).toContain(
      'required when ABROAD_NHN_ALIMTALK_APP_KEY is set',
    );
    expect(line('ABROAD_NHN_ALIMTALK_SENDER_KEY=')).toContain('required');
    expect(line('ABROAD_NHN_SMS_SEND_NO=')).toContain('registered sender number');
    expect(line('ABROAD_NHN_SMS_APP_KEY=')).toContain(
      'required when ABROAD_NHN_SMS_SEND_NO is set',
    );
    expect(line('ABROAD_KAKAO_EVENT_BOT_ID=')).toBeUndefined();
  });

  it('rejects plain http except to the loopback', () => {
    const error = configError({ ABROAD_NHN_SMS_BASE_URL: 'http://sms.example.org' });

    expect(error.problems[0]).toContain('ABROAD_NHN_SMS_BASE_URL="http://sms.example.org"');
    expect(error.problems[0]).toContain('expected an https URL');
    expect(loadConfig({ ABROAD_NHN_SMS_BASE_URL: 'http://127.0.0.1:4010' })).toBeTruthy();
  });

  it('rejects a short webhook secret and a bad sender key', () => {
    const error = configError({
      ABROAD_NHN_WEBHOOK_SECRET: 'short',
      ABROAD_NHN_ALIMTALK_SENDER_KEY: 'abc',
    });

    expect(error.problems.some((line) => line.startsWith('ABROAD_NHN_WEBHOOK_SECRET='))).toBe(true);
    expect(error.problems.some((line) => line.includes('40-character sender key'))).toBe(true);
  });
});

describe('createChannelSenders', () => {
  let fake: FakeProviders;
  let dataDir: string;

  beforeAll(async () => {
    fake = await startFakeProviders();
    dataDir = await mkdtemp(join(tmpdir(), 'abroad-senders-'));
  });

  afterAll(async () => {
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uses the file outbox without providers', async () => {
    const senders = createChannelSenders(
      loadConfig({ ABROAD_DATA_DIR: dataDir }),
      capturingLogger().log,
    );

    expect(senders.ordered).toHaveLength(1);
    expect(senders.ordered[0]).toBeInstanceOf(FileOutbox);
    expect(senders.outbox).toBe(senders.ordered[0]);
    expect(senders.outbox).toBe(sharedOutbox(dataDir, capturingLogger().log));

    const result = await senders.ordered[0].send(makeMessage());
    expect(result).toMatchObject({ outcome: 'accepted', channel: 'file' });
    expect(await readFile(join(dataDir, 'outbox.jsonl'), 'utf8')).toContain('"channel":"file"');
  });

  it('orders configured providers and sends through them', async () => {
    const config = loadConfig({
      ...allProviders,
      ABROAD_NHN_ALIMTALK_BASE_URL: fake.url,
      ABROAD_NHN_SMS_BASE_URL: fake.url,
      ABROAD_KAKAO_EVENT_BASE_URL: fake.url,
      ABROAD_PROVIDER_TIMEOUT_MS: '3000',
    });

    const senders = createChannelSenders(config, capturingLogger().log);

    expect(senders.outbox).toBeUndefined();
    expect(senders.ordered.map((sender) => sender.channel)).toEqual([
      'alimtalk',
      'kakao-event',
      'sms',
    ]);
    expect(senders.ordered[0]).toBeInstanceOf(NhnAlimtalkSender);
    expect(senders.ordered[1]).toBeInstanceOf(KakaoEventSender);
    expect(senders.ordered[2]).toBeInstanceOf(NhnSmsSender);
    const message = makeMessage({ kakaoUser: { type: 'botUserKey', id: 'user-key-1' } });
    for (const sender of senders.ordered) {
      expect(await sender.send(message)).toMatchObject({ outcome: 'accepted' });
    }
    expect(fake.stats().acceptedByProtocol).toEqual({ alimtalk: 1, sms: 1, 'kakao-event': 1 });
  });
});

forEachDialect('file outbox retention', (get) => {
  it('erases outbox lines of purged travelers', async () => {
    const { ctx, dataDir } = get();
    const actor = { kind: 'system' as const, id: 'test' };
    const gone = await createTraveler(
      ctx,
      { ref: 'REF-GONE', phone: '+821055501234', consent: { version: 'v1' } },
      actor,
    );
    const outbox = sharedOutbox(dataDir, ctx.log);
    await outbox.send(makeMessage({ travelerRef: 'REF-GONE' }));
    await outbox.send(makeMessage({ travelerRef: 'REF-KEPT' }));

    await eraseTravelers(ctx, [gone.id], actor);

    expect(registeredErasers()).toContain('file-outbox');
    const text = await readFile(join(dataDir, 'outbox.jsonl'), 'utf8');
    expect(text).not.toContain('REF-GONE');
    expect(text).toContain('REF-KEPT');
  });
});
