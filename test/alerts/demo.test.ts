import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quakeRadiusKm } from '../../src/alerts/targeting.js';
import { loadConfig } from '../../src/config.js';
import { closeContext, openContext, type AppContext } from '../../src/context.js';
import { distanceKm } from '../../src/geo/index.js';
import type { HazardEvent } from '../../src/hazards/index.js';
import { createLogger } from '../../src/log.js';
import { runCli } from '../support/process.js';

interface OutboxLine {
  deliveryId: string;
  alertId: string;
  travelerRef: string;
}

/** Independent of targeting: is a point inside any polygon or circle of the event? */
function inside(event: HazardEvent, lon: number, lat: number, config: AppContext['config']) {
  for (const area of event.areas) {
    for (const ring of area.polygons) {
      if (
        ring.length >= 4 &&
        booleanPointInPolygon([lon, lat], { type: 'Polygon', coordinates: [ring] })
      )
        return true;
    }
    for (const circle of area.circles) {
      if (
        circle.radiusKm > 0 &&
        distanceKm(lon, lat, circle.center[0], circle.center[1]) <= circle.radiusKm
      )
        return true;
    }
  }
  if (event.hazardType === 'earthquake' && event.magnitude !== null && event.epicenter) {
    const radius = quakeRadiusKm(event.magnitude, event.depthKm ?? 10, config.quakeRadiusRule);
    return distanceKm(lon, lat, event.epicenter[0], event.epicenter[1]) <= radius + 0.01;
  }
  return false;
}

describe('abroad demo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'abroad-demo-test-'));
  let result: {
    outbox: string;
    dataDir: string;
    seconds: number;
    alerts: { id: string; status: string; counts: { targeted: number; sent: number } }[];
  };
  let ctx: AppContext;
  let lines: OutboxLine[];

  beforeAll(async () => {
    // DATABASE_URL is ignored by the demo: it always runs on SQLite in the data folder.
    const run = await runCli(['demo', '--json'], {
      ABROAD_DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    result = JSON.parse(run.stdout);
    lines = readFileSync(result.outbox, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const config = loadConfig({ ABROAD_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    ctx = await openContext(config, createLogger('silent'));
  }, 120_000);

  afterAll(async () => {
    if (ctx) await closeContext(ctx);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('works in the given empty data folder within a minute', () => {
    expect(result.dataDir).toBe(dataDir);
    expect(result.outbox).toBe(join(dataDir, 'outbox.jsonl'));
    expect(result.seconds).toBeLessThan(60);
  });

  it('sends the severe examples and holds the moderate one', () => {
    const sent = result.alerts.filter((alert) => alert.status === 'sent');
    const drafts = result.alerts.filter((alert) => alert.status === 'draft');
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expect(drafts.length).toBeGreaterThanOrEqual(1);
    for (const alert of sent) expect(alert.counts.sent).toBe(alert.counts.targeted);
  });

  it('keeps every outbox line inside its event area', async () => {
    const alerts = new Map(
      (await ctx.db.selectFrom('alerts').select(['id', 'event']).execute()).map((row) => [
        row.id,
        JSON.parse(row.event) as HazardEvent,
      ]),
    );
    const stays = await ctx.db
      .selectFrom('stays')
      .innerJoin('travelers', 'travelers.id', 'stays.traveler_id')
      .select(['travelers.ref', 'stays.lon', 'stays.lat'])
      .execute();
    const stayOf = new Map(stays.map((stay) => [stay.ref, stay]));
    const outside = lines.filter((line) => {
      const stay = stayOf.get(line.travelerRef)!;
      return !inside(alerts.get(line.alertId)!, stay.lon, stay.lat, ctx.config);
    });
    expect(lines.length).toBeGreaterThan(500);
    expect(outside).toEqual([]);
  });

  it('gives every targeted traveler exactly one line per alert', async () => {
    const targets = await ctx.db
      .selectFrom('alert_targets')
      .innerJoin('travelers', 'travelers.id', 'alert_targets.traveler_id')
      .innerJoin('alerts', 'alerts.id', 'alert_targets.alert_id')
      .select(['alert_targets.alert_id', 'travelers.ref'])
      .where('alerts.status', '!=', 'draft')
      .execute();
    const expected = targets.map((target) => `${target.alert_id}/${target.ref}`).sort();
    const written = lines.map((line) => `${line.alertId}/${line.travelerRef}`).sort();
    expect(new Set(written).size).toBe(written.length);
    expect(written).toEqual(expected);
  });
});
