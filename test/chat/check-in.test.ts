import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { alertJobs } from '../../src/alerts/index.js';
import { ingestDocument } from '../../src/hazards/index.js';
import { buildServer } from '../../src/server/app.js';
import { addStay, createTraveler } from '../../src/travelers/index.js';
import { Worker } from '../../src/work/worker.js';
import { capAlert } from '../support/cap.js';
import { forEachDialect } from '../support/db.js';
import { say, shownText } from './chat-helpers.js';

const actor = { kind: 'system' as const, id: 'test' };
const hour = 3_600_000;
const at = (offsetHours: number) => new Date(Date.now() + offsetHours * hour).toISOString();

/** An extreme earthquake alert within 30 km of Osaka, sent an hour ago. */
function osakaCap(): Buffer {
  return capAlert({
    identifier: 'CHAT-CHECKIN-1',
    sent: new Date(at(-1)),
    expires: new Date(at(12)),
    event: 'Earthquake',
    category: 'Geo',
    severity: 'Extreme',
    headline: 'Strong earthquake near Osaka',
    area: { description: 'Osaka', circle: '34.69,135.50 30' },
  });
}

forEachDialect('chat check-in answers', (get) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    const { ctx } = get();
    for (const key of ['ck-safe-user', 'ck-help-user']) {
      const traveler = await createTraveler(
        ctx,
        { kakaoUserKey: key, consent: { version: 'v1' } },
        actor,
      );
      const stay = {
        country: 'JP',
        city: 'Osaka',
        startDate: at(-48).slice(0, 10),
        endDate: at(48).slice(0, 10),
      };
      await addStay(ctx, traveler.id, stay, actor);
    }
    await ingestDocument(ctx, osakaCap(), { name: 'osaka.cap', actor });
    await new Worker(ctx, alertJobs).runOnce();
    ({ app } = await buildServer(ctx));
  });
  afterAll(async () => app?.close());

  async function answers() {
    const rows = await sql<{ answer: string; via: string; case_id: string | null }>`
      select answer, via, case_id from check_ins order by answer`.execute(get().ctx.db);
    return rows.rows;
  }

  it('stores a typed "안전합니다" against the latest alert', async () => {
    const reply = await say(app, 'ck-safe-user', '안전합니다');
    expect(shownText(reply).length).toBeGreaterThan(0);
    expect(await answers()).toEqual([{ answer: 'safe', via: 'chat', case_id: null }]);
  });

  it('opens a high-priority case for "도움이 필요합니다"', async () => {
    await say(app, 'ck-help-user', '도움이 필요합니다');
    const help = (await answers()).find((row) => row.answer === 'need-help');
    expect(help?.via).toBe('chat');
    expect(help?.case_id).toBeTruthy();
    const cases = await sql<{ kind: string; priority: string }>`
      select kind, priority from cases where id = ${help!.case_id}`.execute(get().ctx.db);
    expect(cases.rows[0]).toEqual({ kind: 'check-in-help', priority: 'high' });
  });
});
