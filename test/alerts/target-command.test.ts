import { expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.js';
import { ingestDocument } from '../../src/hazards/index.js';
import { addStay, createTraveler } from '../../src/travelers/index.js';
import { capAlert } from '../support/cap.js';
import { forEachDialect } from '../support/db.js';
import { runCli } from '../support/process.js';
import { staffToken } from '../support/staff.js';

const actor = { kind: 'system' as const, id: 'test' };

const day = 86_400_000;
const isoDate = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();

/** A storm alert with a polygon around central Tokyo, sent an hour ago and valid a day. */
function tokyoCap(identifier: string): Buffer {
  return capAlert({
    identifier,
    sent: new Date(Date.now() - day / 24),
    expires: new Date(Date.now() + day),
    event: 'Storm Warning',
    category: 'Met',
    severity: 'Severe',
    headline: 'Storm over central Tokyo',
    area: {
      description: 'Central Tokyo',
      polygon: '35.5,139.5 35.5,140.0 35.9,140.0 35.9,139.5 35.5,139.5',
    },
  });
}

forEachDialect('abroad target', (get) => {
  it('prints matched stays with reasons and counts per place', async () => {
    const { ctx, env } = get();
    for (const [city, country] of [
      ['Tokyo', 'JP'],
      ['Tokyo', 'JP'],
      ['Osaka', 'JP'],
    ]) {
      const traveler = await createTraveler(ctx, { consent: { version: 'v1' } }, actor);
      await addStay(
        ctx,
        traveler.id,
        { country, city, startDate: isoDate(-10).slice(0, 10), endDate: isoDate(10).slice(0, 10) },
        actor,
      );
    }
    await ingestDocument(ctx, tokyoCap('TARGET-TEST-1'), { name: 'tokyo.cap', actor });

    const json = await runCli(['target', 'TARGET-TEST-1', '--json'], env);
    expect(json.stderr).toBe('');
    const matches = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(matches).toHaveLength(2);
    expect(matches[0].reason).toEqual({ kind: 'polygon', area: 'Central Tokyo' });
    expect(matches[0].eventId).toBeTruthy();

    const prefixed = await runCli(['target', 'cap:TARGET-TEST-1', '--json'], env);
    expect(prefixed.stdout.trim().split('\n')).toHaveLength(2);

    const text = await runCli(['target', 'TARGET-TEST-1'], env);
    expect(text.stdout).toContain('2 stay(s): JP 2');
    expect(text.stdout).toContain('inside polygon of Central Tokyo');

    const { app } = await buildServer(ctx);
    const officer = await staffToken(ctx, 'alert-officer');
    const response = await app.inject({
      url: '/api/v1/hazard-events/TARGET-TEST-1/targets?matches=false',
      headers: officer.headers,
    });
    await app.close();
    expect(response.statusCode).toBe(200);
    const [item] = response.json().items;
    expect(item.total).toBe(2);
    expect(item.byCountry).toEqual({ JP: 2 });
    expect(item.byPlace).toEqual([{ country: 'JP', place: expect.any(String), count: 2 }]);
  });

  it('fails with a clear message for an unknown id', async () => {
    const result = await runCli(['target', 'no-such-event'], get().env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no hazard event has the id or source id "no-such-event"');
  });
});
