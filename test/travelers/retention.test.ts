import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import {
  addStay,
  createTraveler,
  getTraveler,
  purgeExpired,
  registerEraser,
} from '../../src/travelers/index.js';
import { allTableText, forEachDialect } from '../support/db.js';

const actor = { kind: 'system' as const, id: 'test' };

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

forEachDialect('retention purge', (get) => {
  it('erases names, phones and keys of stays past retention', async () => {
    const ctx = get().ctx;
    const erased: string[][] = [];
    registerEraser('test-copies', async (_ctx, ids) => {
      erased.push(ids);
      return ids.length;
    });

    const personal = {
      name: 'Hong Gildong',
      phone: '+821055501234',
      kakaoUserKey: 'kakao-key-OLD-123',
      email: 'hong@example.org',
    };
    const old = await createTraveler(
      ctx,
      { ...personal, ref: 'OLD-REF-77', consent: { version: 'v1' } },
      actor,
    );
    await addStay(
      ctx,
      old.id,
      { country: 'JP', city: 'Tokyo', startDate: daysAgo(60), endDate: daysAgo(31) },
      actor,
    );

    const current = await createTraveler(
      ctx,
      { name: 'Kim Current', phone: '+821055509999', consent: { version: 'v1' } },
      actor,
    );
    await addStay(
      ctx,
      current.id,
      { country: 'JP', city: 'Osaka', startDate: daysAgo(40), endDate: daysAgo(29) },
      actor,
    );

    const result = await purgeExpired(ctx);
    expect(result.staysErased).toBe(1);
    expect(result.travelersErased).toBe(1);
    expect(erased).toEqual([[old.id]]);

    const text = await allTableText(ctx);
    for (const value of [...Object.values(personal), 'OLD-REF-77', '55501234']) {
      expect(text, value).not.toContain(value);
    }
    expect(text).toContain('Kim Current');
    expect((await getTraveler(ctx, current.id)).stays).toHaveLength(1);
    await expect(getTraveler(ctx, old.id)).rejects.toThrow(/not found/);
  });

  it('leaves no erased bytes in the SQLite file', async (test) => {
    const ctx = get().ctx;
    if (ctx.dialect !== 'sqlite') test.skip();
    const marker = 'Zzyzx Erasable Marker';
    const traveler = await createTraveler(ctx, { name: marker, consent: { version: 'v1' } }, actor);
    await addStay(
      ctx,
      traveler.id,
      { country: 'TH', city: 'Bangkok', startDate: daysAgo(90), endDate: daysAgo(45) },
      actor,
    );
    await purgeExpired(ctx);
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(ctx.db);

    const file = readFileSync(join(get().dataDir, 'abroad.sqlite'));
    expect(file.includes(Buffer.from(marker))).toBe(false);
  });
});
