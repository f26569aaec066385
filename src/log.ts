import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Keys whose values are personal data or secrets; their values are masked wherever they sit. */
const maskedKeys = new Set(
  [
    'phone',
    'phonenumber',
    'recipientno',
    'sendno',
    'userkey',
    'kakaouserkey',
    'botuserkey',
    'plusfrienduserkey',
    'appuserid',
    'email',
    'name',
  ].map((key) => key.toLowerCase()),
);

const secretKeys = new Set([
  'authorization',
  'token',
  'secret',
  'password',
  'secretkey',
  'x-secret-key',
  'appkey',
  'cookie',
]);

// Digits with the separators people type in phone numbers: spaces, hyphens, dots, brackets.
// The lookarounds keep digit runs inside ids (UUIDs, hex) from being taken for phones.
const phonePattern = /(?<![\w.+-])\+?\(?\d[\d .()-]{6,20}\d(?![\w])/g;
const datePattern = /^\d{4}-\d{2}-\d{2}/;

/** Keeps the first characters and the last two of a personal value, e.g. "+8210******78". */
export function maskValue(value: string): string {
  if (value.length <= 4) return '*'.repeat(value.length);
  const keep = Math.min(5, Math.floor(value.length / 3));
  return value.slice(0, keep) + '*'.repeat(value.length - keep - 2) + value.slice(-2);
}

/** Masks anything in free text that looks like a phone number. */
export function maskText(text: string): string {
  return text.replace(phonePattern, (match) => {
    const digits = match.replace(/\D/g, '');
    if (digits.length < 8 || datePattern.test(match)) return match;
    return maskValue(match);
  });
}

function maskDeep(value: unknown, key: string | undefined, depth: number): unknown {
  const lower = key?.toLowerCase();
  if (lower && secretKeys.has(lower)) return '[redacted]';
  if (typeof value === 'string') {
    if (lower && maskedKeys.has(lower)) return maskValue(value);
    return maskText(value);
  }
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, key, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [childKey, child] of Object.entries(value)) {
    out[childKey] = maskDeep(child, childKey, depth + 1);
  }
  return out;
}

/**
 * Creates the root logger: JSON lines, UTC times, with phone numbers, Kakao user keys and
 * other personal fields masked and secrets removed in every environment.
 */
export function createLogger(
  level: string,
  destination: pino.DestinationStream = pino.destination(1),
): Logger {
  return pino(
    {
      level,
      base: { service: 'abroad' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => maskDeep(object, undefined, 0) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === 'string' ? maskText(arg) : arg));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
