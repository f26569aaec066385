import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * The whole configuration of an Abroad process. It is parsed once from the environment by
 * `loadConfig`, frozen, and passed down; no other module reads `process.env`.
 */
const port = z.coerce
  .number({ error: 'expected a whole number from 1 to 65535' })
  .int('expected a whole number from 1 to 65535')
  .min(1, 'expected a whole number from 1 to 65535')
  .max(65535, 'expected a whole number from 1 to 65535');

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
  error: 'expected one of fatal, error, warn, info, debug, trace, silent',
});

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'expected a URL that starts with postgres:// or postgresql://')
  .refine((value) => URL.canParse(value), 'expected a valid URL, like postgres://user@host:5432/db')
  .optional();

const sqlIdentifier = z
  .string()
  .regex(
    /^[a-z_][a-z0-9_]{0,62}$/,
    'expected a lower-case SQL identifier: letters, digits and _, at most 63 characters',
  );

const positiveInt = (what: string) =>
  z.coerce
    .number({ error: `expected a whole number of ${what}` })
    .int(`expected a whole number of ${what}`)
    .positive(`expected a whole number of ${what} above 0`);

const instant = z
  .string()
  .refine(
    (value) =>
      /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(value) && !isNaN(Date.parse(value)),
    'expected an ISO 8601 instant with an offset, like 2024-01-01T07:10:00Z',
  )
  .optional();

const severityThreshold = z.enum(['extreme', 'severe', 'moderate', 'minor', 'unknown', 'off'], {
  error: 'expected one of extreme, severe, moderate, minor, unknown, off',
});

const hostList = z.string().transform((value) =>
  value
    .split(',')
    .map((host) => host.trim())
    .filter(Boolean),
);

/** "7:extreme,6:severe,5:moderate,4:minor": lowest magnitude for each severity. */
const magnitudeTable = z
  .string()
  .regex(
    /^\s*\d+(\.\d+)?\s*:\s*(extreme|severe|moderate|minor)\s*(,\s*\d+(\.\d+)?\s*:\s*(extreme|severe|moderate|minor)\s*)*$/,
    'expected magnitude:severity pairs separated by commas, like 7:extreme,6:severe,5:moderate,4:minor',
  );

/** "alimtalk=100,sms=20": messages per second per channel; unnamed channels are unlimited. */
const sendRates = z
  .string()
  .regex(
    /^\s*[a-z-]+\s*=\s*\d+\s*(,\s*[a-z-]+\s*=\s*\d+\s*)*$/,
    'expected channel=messages-per-second pairs separated by commas, like alimtalk=100,sms=20',
  );

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Provider base URLs: https, or plain http only to a local test server. */
const providerUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname))
    );
  } catch {
    return false;
  }
}, 'expected an https URL, or http://127.0.0.1:PORT for a local test server');

const credential = z.string().min(1, 'expected the value from the provider console');

/** Message providers; a provider is used only when all its credentials are set. */
const channelVariables = {
  ABROAD_NHN_ALIMTALK_APP_KEY: credential.optional(),
  ABROAD_NHN_ALIMTALK_SECRET_KEY: credential.optional(),
  ABROAD_NHN_ALIMTALK_SENDER_KEY: z
    .string()
    .length(40, 'expected the 40-character sender key of the KakaoTalk channel')
    .optional(),
  ABROAD_NHN_ALIMTALK_BASE_URL: providerUrl.default(
    'https://kakaotalk-bizmessage.api.nhncloudservice.com',
  ),
  ABROAD_NHN_SMS_APP_KEY: credential.optional(),
  ABROAD_NHN_SMS_SECRET_KEY: credential.optional(),
  ABROAD_NHN_SMS_SEND_NO: z
    .string()
    .regex(/^\d[\d-]{6,14}\d$/, 'expected the registered sender number, digits and hyphens')
    .transform((value) => value.replace(/-/g, ''))
    .optional(),
  ABROAD_NHN_SMS_BASE_URL: providerUrl.default('https://api-sms.cloud.toast.com'),
  ABROAD_KAKAO_EVENT_BOT_ID: credential.optional(),
  ABROAD_KAKAO_EVENT_REST_API_KEY: credential.optional(),
  ABROAD_KAKAO_EVENT_NAME: z
    .string()
    .min(1, 'expected the event name set on the alert block')
    .default('abroad_alert'),
  ABROAD_KAKAO_EVENT_BASE_URL: providerUrl.default('https://bot-api.kakao.com'),
  ABROAD_NHN_WEBHOOK_SECRET: z.string().min(16, 'expected at least 16 characters').optional(),
  ABROAD_PROVIDER_TIMEOUT_MS: positiveInt('milliseconds').default(10_000),
};

/** Variables that must be set together, each group naming one provider. */
const providerGroups = [
  [
    'ABROAD_NHN_ALIMTALK_APP_KEY',
    'ABROAD_NHN_ALIMTALK_SECRET_KEY',
    'ABROAD_NHN_ALIMTALK_SENDER_KEY',
  ],
  ['ABROAD_NHN_SMS_APP_KEY', 'ABROAD_NHN_SMS_SECRET_KEY', 'ABROAD_NHN_SMS_SEND_NO'],
  ['ABROAD_KAKAO_EVENT_BOT_ID', 'ABROAD_KAKAO_EVENT_REST_API_KEY'],
] as const;

const envSchema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().min(1, 'expected a host name or address to listen on').default('127.0.0.1'),
    ABROAD_DATA_DIR: z.string().min(1, 'expected a folder path').default('./data'),
    DATABASE_URL: postgresUrl,
    ABROAD_DB_SCHEMA: sqlIdentifier.default('public'),
    LOG_LEVEL: logLevel.default('info'),
    ABROAD_RETENTION_DAYS: positiveInt('days').default(30),
    ABROAD_FEED_DIR: z.string().min(1, 'expected a folder path').optional(),
    ABROAD_FEEDS_FILE: z
      .string()
      .min(1, 'expected a JSON file path')
      .refine((path) => existsSync(path), 'no such file; give the path of the JSON feed list')
      .optional(),
    ABROAD_ALERT_AUTO_SEVERITY: severityThreshold.default('severe'),
    ABROAD_NOW: instant,
    ABROAD_EVENT_DEFAULT_HOURS: positiveInt('hours').default(24),
    ABROAD_QUAKE_RADIUS_RULE: z
      .string()
      .regex(
        /^\s*-?[\d.]+\s*,\s*-?[\d.]+\s*,\s*[\d.]+\s*,\s*[\d.]+\s*,\s*[\d.]+\s*$/,
        'expected five numbers "a,b,depthScaleKm,minKm,maxKm", like 0.43,-1.2,70,10,600',
      )
      .default('0.43,-1.2,70,10,600'),
    ABROAD_QUAKE_SEVERITY: magnitudeTable.default('7:extreme,6:severe,5:moderate,4:minor'),
    ABROAD_SEND_RATES: sendRates.default('alimtalk=100,kakao-event=50,sms=50'),
    ABROAD_DISPATCH_BATCH: positiveInt('deliveries').default(200),
    ABROAD_DELIVERY_LEASE_SECONDS: positiveInt('seconds').default(60),
    ABROAD_DELIVERY_MAX_ATTEMPTS: positiveInt('attempts').default(8),
    ABROAD_CHECKIN_REMINDER_MINUTES: positiveInt('minutes').default(60),
    ABROAD_PUBLIC_URL: z
      .string()
      .url('expected an absolute URL such as https://abroad.example.org')
      .optional(),
    ABROAD_KAKAO_SKILL_SECRET: z.string().min(16, 'expected at least 16 characters').optional(),
    ABROAD_KAKAO_CALLBACK_HOSTS: hostList.default(['bot-api.kakao.com']),
    ...channelVariables,
  })
  .superRefine((values, context) => {
    for (const group of providerGroups) {
      const set = group.filter((name) => values[name] !== undefined);
      if (set.length === 0 || set.length === group.length) continue;
      for (const name of group.filter((candidate) => values[candidate] === undefined)) {
        const message = `required when ${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set`;
        context.addIssue({ code: 'custom', path: [name], message });
      }
    }
  });

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  dbSchema: string;
  logLevel: z.infer<typeof logLevel>;
  retentionDays: number;
  feedDir: string | undefined;
  feedsFile: string | undefined;
  alertAutoSeverity: z.infer<typeof severityThreshold>;
  /** Scenario clock for drills and archive replays; leases, ids and retention ignore it. */
  now: string | undefined;
  /** Lowest magnitude for each severity, highest first, for earthquakes the feed left unrated. */
  quakeSeverity: readonly { minMagnitude: number; severity: string }[];
  /** Messages per second per channel, shared by all workers. */
  sendRates: Readonly<Record<string, number>>;
  dispatchBatch: number;
  deliveryLeaseSeconds: number;
  deliveryMaxAttempts: number;
  checkInReminderMinutes: number;
  /** Validity assumed for an event version that gives no expiry. */
  eventDefaultHours: number;
  /** Earthquake radius rule: radiusKm = clamp(10^(a*M + b) / (1 + depthKm / depthScaleKm)). */
  quakeRadiusRule: Readonly<{
    a: number;
    b: number;
    depthScaleKm: number;
    minKm: number;
    maxKm: number;
  }>;
  publicUrl: string;
  kakaoSkillSecret: string | undefined;
  kakaoCallbackHosts: readonly string[];
  /** NHN Cloud AlimTalk, when configured. */
  alimtalk:
    Readonly<{ baseUrl: string; appKey: string; secretKey: string; senderKey: string }> | undefined;
  /** NHN Cloud SMS, when configured; `sendNo` is digits only. */
  sms: Readonly<{ baseUrl: string; appKey: string; secretKey: string; sendNo: string }> | undefined;
  /** Kakao chatbot Event API, when configured. */
  kakaoEvent:
    Readonly<{ baseUrl: string; botId: string; restApiKey: string; eventName: string }> | undefined;
  /** Signature NHN sends in X-Toast-Webhook-Signature with delivery results. */
  providerWebhookSecret: string | undefined;
  /** Timeout of each provider request, in milliseconds. */
  providerTimeoutMs: number;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment into a frozen Config. Every bad variable is reported at once in a
 * ConfigError, each with its name, the value received and what is expected.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(envSchema.shape)
      .filter((name) => env[name] !== undefined && env[name] !== '')
      .map((name) => [name, env[name]]),
  );
  const parsed = envSchema.safeParse(relevant);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }

  const values = parsed.data;
  return Object.freeze({
    port: values.PORT,
    host: values.HOST,
    dataDir: resolve(values.ABROAD_DATA_DIR),
    databaseUrl: values.DATABASE_URL,
    dbSchema: values.ABROAD_DB_SCHEMA,
    logLevel: values.LOG_LEVEL,
    retentionDays: values.ABROAD_RETENTION_DAYS,
    feedDir: values.ABROAD_FEED_DIR ? resolve(values.ABROAD_FEED_DIR) : undefined,
    feedsFile: values.ABROAD_FEEDS_FILE ? resolve(values.ABROAD_FEEDS_FILE) : undefined,
    alertAutoSeverity: values.ABROAD_ALERT_AUTO_SEVERITY,
    now: values.ABROAD_NOW ? new Date(values.ABROAD_NOW).toISOString() : undefined,
    eventDefaultHours: values.ABROAD_EVENT_DEFAULT_HOURS,
    quakeRadiusRule: parseQuakeRule(values.ABROAD_QUAKE_RADIUS_RULE),
    quakeSeverity: Object.freeze(parseMagnitudeTable(values.ABROAD_QUAKE_SEVERITY)),
    sendRates: Object.freeze(parsePairs(values.ABROAD_SEND_RATES, '=')),
    dispatchBatch: values.ABROAD_DISPATCH_BATCH,
    deliveryLeaseSeconds: values.ABROAD_DELIVERY_LEASE_SECONDS,
    deliveryMaxAttempts: values.ABROAD_DELIVERY_MAX_ATTEMPTS,
    checkInReminderMinutes: values.ABROAD_CHECKIN_REMINDER_MINUTES,
    publicUrl: values.ABROAD_PUBLIC_URL ?? `http://${values.HOST}:${values.PORT}`,
    kakaoSkillSecret: values.ABROAD_KAKAO_SKILL_SECRET,
    kakaoCallbackHosts: Object.freeze(values.ABROAD_KAKAO_CALLBACK_HOSTS),
    ...channelSettings(values),
  });
}

type ChannelSettings = Pick<
  Config,
  'alimtalk' | 'sms' | 'kakaoEvent' | 'providerWebhookSecret' | 'providerTimeoutMs'
>;

function channelSettings(values: z.infer<typeof envSchema>): ChannelSettings {
  const alimtalk =
    values.ABROAD_NHN_ALIMTALK_APP_KEY &&
    values.ABROAD_NHN_ALIMTALK_SECRET_KEY &&
    values.ABROAD_NHN_ALIMTALK_SENDER_KEY
      ? {
          baseUrl: values.ABROAD_NHN_ALIMTALK_BASE_URL,
          appKey: values.ABROAD_NHN_ALIMTALK_APP_KEY,
          secretKey: values.ABROAD_NHN_ALIMTALK_SECRET_KEY,
          senderKey: values.ABROAD_NHN_ALIMTALK_SENDER_KEY,
        }
      : undefined;
  const sms =
    values.ABROAD_NHN_SMS_APP_KEY &&
    values.ABROAD_NHN_SMS_SECRET_KEY &&
    values.ABROAD_NHN_SMS_SEND_NO
      ? {
          baseUrl: values.ABROAD_NHN_SMS_BASE_URL,
          appKey: values.ABROAD_NHN_SMS_APP_KEY,
          secretKey: values.ABROAD_NHN_SMS_SECRET_KEY,
          sendNo: values.ABROAD_NHN_SMS_SEND_NO,
        }
      : undefined;
  const kakaoEvent =
    values.ABROAD_KAKAO_EVENT_BOT_ID && values.ABROAD_KAKAO_EVENT_REST_API_KEY
      ? {
          baseUrl: values.ABROAD_KAKAO_EVENT_BASE_URL,
          botId: values.ABROAD_KAKAO_EVENT_BOT_ID,
          restApiKey: values.ABROAD_KAKAO_EVENT_REST_API_KEY,
          eventName: values.ABROAD_KAKAO_EVENT_NAME,
        }
      : undefined;
  return {
    alimtalk: alimtalk && Object.freeze(alimtalk),
    sms: sms && Object.freeze(sms),
    kakaoEvent: kakaoEvent && Object.freeze(kakaoEvent),
    providerWebhookSecret: values.ABROAD_NHN_WEBHOOK_SECRET,
    providerTimeoutMs: values.ABROAD_PROVIDER_TIMEOUT_MS,
  };
}

function parsePairs(text: string, separator: string): Record<string, number> {
  const pairs = text.split(',').map((pair) => pair.split(separator).map((part) => part.trim()));
  return Object.fromEntries(pairs.map(([name, value]) => [name, Number(value)]));
}

function parseMagnitudeTable(text: string) {
  return text
    .split(',')
    .map((pair) => pair.split(':').map((part) => part.trim()))
    .map(([magnitude, severity]) => ({ minMagnitude: Number(magnitude), severity }))
    .sort((a, b) => b.minMagnitude - a.minMagnitude);
}

function parseQuakeRule(text: string) {
  const [a, b, depthScaleKm, minKm, maxKm] = text.split(',').map(Number);
  return Object.freeze({ a, b, depthScaleKm, minKm, maxKm });
}

/** Returns the names of the variables the schema reads, for the README table check. */
export function configVariableNames(): string[] {
  return Object.keys(envSchema.shape);
}
