import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import {
  linkKey,
  linkToken,
  linkUrl,
  newLinkCode,
  parseLinkToken,
  signatureMatches,
} from '../../src/alerts/check-in-link.js';
import { forEachDialect } from '../support/db.js';

const target = { alertId: 'alert-1', travelerId: 'traveler-1', linkCode: 'AbCdEf12' };

describe('check-in link tokens', () => {
  const key = randomBytes(32);

  it('round-trips a token', () => {
    const parsed = parseLinkToken(linkToken(key, target));
    expect(parsed?.code).toBe(target.linkCode);
    expect(signatureMatches(key, target, parsed!.signature)).toBe(true);
  });

  it('rejects a signature for another traveler or key', () => {
    const signature = parseLinkToken(linkToken(key, target))!.signature;
    expect(signatureMatches(key, { ...target, travelerId: 'traveler-2' }, signature)).toBe(false);
    expect(signatureMatches(randomBytes(32), target, signature)).toBe(false);
  });

  it('rejects malformed tokens', () => {
    expect(parseLinkToken('short.sig')).toBeUndefined();
    expect(parseLinkToken(`${target.linkCode}.${'x'.repeat(15)}`)).toBeUndefined();
    expect(parseLinkToken(`${target.linkCode}/../${'x'.repeat(16)}`)).toBeUndefined();
  });

  it('fits a short URL for SMS', () => {
    const url = linkUrl('https://abroad.example.org/', key, { ...target, linkCode: newLinkCode() });
    expect(url).toMatch(/^https:\/\/abroad\.example\.org\/c\/[\w-]{8}\.[\w-]{16}$/);
    expect(url.length).toBeLessThanOrEqual(55);
  });
});

forEachDialect('check-in link key', (get) => {
  it('is created once and shared by every reader', async () => {
    const { ctx } = get();
    const first = await linkKey(ctx.db);
    const rows = await ctx.db.selectFrom('alert_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0].value, 'base64').equals(first)).toBe(true);
  });
});
