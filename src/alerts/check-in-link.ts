import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/**
 * Signed check-in links that need no login: `/c/<code>.<signature>`. The code names one alert
 * target (random, unique); the signature is an HMAC-SHA256 over alert id and traveler id with a
 * key kept in the database, cut to 96 bits. Short enough for a 90-byte SMS with the host name.
 */
const keyName = 'check-in-link';
const signatureChars = 16;
const keys = new WeakMap<object, Promise<Buffer>>();

/** Returns the link key, creating it on first use; every process that shares the database agrees. */
export function linkKey(db: Kysely<Database>): Promise<Buffer> {
  let key = keys.get(db);
  if (!key) {
    key = loadOrCreateKey(db);
    keys.set(db, key);
    key.catch(() => keys.delete(db));
  }
  return key;
}

async function loadOrCreateKey(db: Kysely<Database>): Promise<Buffer> {
  await db
    .insertInto('alert_keys')
    .values({
      name: keyName,
      value: randomBytes(32).toString('base64'),
      created_at: new Date().toISOString(),
    })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('alert_keys')
    .select('value')
    .where('name', '=', keyName)
    .executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64');
}

/** A new random code for an alert target: 8 URL-safe characters (48 bits). */
export function newLinkCode(): string {
  return randomBytes(6).toString('base64url');
}

export function signTarget(key: Buffer, alertId: string, travelerId: string): string {
  return createHmac('sha256', key)
    .update(`${alertId}:${travelerId}`)
    .digest('base64url')
    .slice(0, signatureChars);
}

export function linkToken(key: Buffer, target: TargetKey): string {
  return `${target.linkCode}.${signTarget(key, target.alertId, target.travelerId)}`;
}

export function linkUrl(publicUrl: string, key: Buffer, target: TargetKey): string {
  return `${publicUrl.replace(/\/+$/, '')}/c/${linkToken(key, target)}`;
}

export interface TargetKey {
  alertId: string;
  travelerId: string;
  linkCode: string;
}

/** Splits a token into code and signature; undefined when it has the wrong shape. */
export function parseLinkToken(token: string): { code: string; signature: string } | undefined {
  const match = /^([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{16})$/.exec(token);
  return match ? { code: match[1], signature: match[2] } : undefined;
}

/** Compares a received signature with the expected one in constant time. */
export function signatureMatches(key: Buffer, target: TargetKey, signature: string): boolean {
  const expected = Buffer.from(signTarget(key, target.alertId, target.travelerId));
  const received = Buffer.from(signature);
  return expected.length === received.length && timingSafeEqual(expected, received);
}
