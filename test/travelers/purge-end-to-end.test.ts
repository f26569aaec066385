import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { alertJobs } from '../../src/alerts/index.js';
import { ingestDocument } from '../../src/hazards/index.js';
import { addStay, createTraveler, purgeExpired } from '../../src/travelers/index.js';
import { Worker } from '../../src/work/worker.js';
import { capAlert } from '../support/cap.js';
import { allTableText, forEachDialect } from '../support/db.js';

const day = 86_400_000;
const dateOf = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();
const sentAt = dateOf(-40);
const actor = { kind: 'system' as const, id: 'test' };

/** A severe storm alert over central Bangkok, sent 40 days ago and valid for a day. */
function bangkokCap(): Buffer {
  return capAlert({
    identifier: 'PURGE-E2E-1',
    sent: new Date(sentAt),
    expires: new Date(dateOf(-39)),
    event: 'Severe Thunderstorm',
    category: 'Met',
    severity: 'Severe',
    headline: 'Severe thunderstorm over Bangkok',
    area: {
      description: 'Central Bangkok',
      polygon: '13.60,100.35 13.60,100.75 13.95,100.75 13.95,100.35 13.60,100.35',
    },
  });
}

forEachDialect(
  'retention purge after an alert',
  (get) => {
    it('leaves nothing personal in any table or the outbox', async () => {
      const { ctx, dataDir } = get();
      const personal = {
        name: 'Purge Testperson',
        phone: '+66812345678',
        kakaoUserKey: 'kk-PURGE-E2E-42',
      };
      const traveler = await createTraveler(
        ctx,
        { ...personal, ref: 'PURGE-REF-9', consent: { version: 'v1', at: dateOf(-45) } },
        actor,
      );
      const stay = {
        country: 'TH',
        city: 'Bangkok',
        startDate: dateOf(-42).slice(0, 10),
        endDate: dateOf(-31).slice(0, 10),
      };
      await addStay(ctx, traveler.id, stay, actor);

      await ingestDocument(ctx, bangkokCap(), { name: 'bangkok.cap', actor });
      // Only the alert jobs: the worker's own retention purge would erase the traveler here.
      await new Worker(ctx, alertJobs).runOnce();

      const outbox = join(dataDir, 'outbox.jsonl');
      expect(existsSync(outbox)).toBe(true);
      expect(readFileSync(outbox, 'utf8')).toContain('PURGE-REF-9');
      expect(await allTableText(ctx)).toContain('kk-PURGE-E2E-42');
      const deliveries = await sql<{ n: number }>`select count(*) as n from deliveries`.execute(
        ctx.db,
      );
      expect(Number(deliveries.rows[0].n)).toBeGreaterThan(0);

      const result = await purgeExpired(ctx);
      expect(result.travelersErased).toBe(1);

      const text = await allTableText(ctx);
      for (const value of [...Object.values(personal), 'PURGE-REF-9', '12345678']) {
        expect(text, value).not.toContain(value);
      }
      expect(readFileSync(outbox, 'utf8')).not.toContain('PURGE-REF-9');
    });
  },
  // The scenario clock sits inside the old event's validity so that it is sent at all.
  { ABROAD_NOW: dateOf(-40 + 1 / 24), ABROAD_ALERT_AUTO_SEVERITY: 'minor' },
);
