import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { postgresUrl, testDialects } from '../support/db.js';
import { repoRoot, runCli } from '../support/process.js';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const fixtures = join(
  process.env.ABROAD_FIXTURES_DIR ?? resolve(repoRoot, '../shared/fixtures'),
  'hazards',
);
const haveFixtures = existsSync(fixtures);
if (!haveFixtures)
  console.warn(`hazard fixtures not found at ${fixtures}; set ABROAD_FIXTURES_DIR`);

const californiaFile = join(fixtures, 'oasiscap-rs/v1dot1_appendix_adot2.xml');
const nevadaFile = join(fixtures, 'google-cap-library/noaa_errors.cap');
const blizzardFile = join(fixtures, 'oasiscap-rs/nws-5c2cf27b1f56885d61654dc47fa411d5.xml');

// The thunderstorm polygon of the CAP 1.1 example, as [lon, lat].
const californiaRing: [number, number][] = [
  [-120.14, 38.47],
  [-119.95, 38.34],
  [-119.74, 38.52],
  [-119.89, 38.62],
  [-120.14, 38.47],
];

/** Points on a grid over the area, some inside the polygon and some outside. */
function californiaPoints(): { lon: number; lat: number; inside: boolean }[] {
  const points = [];
  for (let lat = 38.3; lat <= 38.66; lat += 0.04) {
    for (let lon = -120.2; lon <= -119.7; lon += 0.05) {
      const inside = booleanPointInPolygon([lon, lat], {
        type: 'Polygon',
        coordinates: [californiaRing],
      });
      points.push({ lon: Number(lon.toFixed(4)), lat: Number(lat.toFixed(4)), inside });
    }
  }
  return points;
}

function travelersCsv(): { csv: string; inside: number } {
  const lines = [
    'ref,name,phone,kakao_user_key,language,country,city,latitude,longitude,start_date,end_date,consent',
  ];
  const points = californiaPoints();
  points.forEach((point, i) => {
    const phone = `+442079460${String(i).padStart(3, '0')}`;
    lines.push(`ca-${i},,${phone},,ko,US,,${point.lat},${point.lon},2003-06-10,2003-06-30,yes`);
  });
  // Inside the Nevada flood polygon (a draft below the threshold) and near the blizzard zones.
  lines.push('nv-1,,+441134960001,,ko,US,,40.977,-117.77,2011-07-01,2011-07-31,yes');
  lines.push('mn-1,,+441134960002,,ko,US,,47.6,-90.9,2021-12-20,2021-12-31,yes');
  return { csv: `${lines.join('\n')}\n`, inside: points.filter((point) => point.inside).length };
}

function outboxLines(dataDir: string): { alertId: string; travelerRef: string }[] {
  const path = join(dataDir, 'outbox.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

async function setUp(dialect: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'abroad-work-once-'));
  const feedDir = join(dataDir, 'feed');
  mkdirSync(feedDir);
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const env: Record<string, string> = {
    ABROAD_DATA_DIR: dataDir,
    ABROAD_FEED_DIR: feedDir,
    ABROAD_ALERT_AUTO_SEVERITY: 'minor',
    // Stays from archived feeds ended years ago; keep the retention purge away from them.
    ABROAD_RETENTION_DAYS: '100000',
    ...(dialect === 'postgres' ? { DATABASE_URL: postgresUrl!, ABROAD_DB_SCHEMA: schema } : {}),
  };
  const { csv, inside } = travelersCsv();
  writeFileSync(join(dataDir, 'travelers.csv'), csv);
  const imported = await runCli(['travelers', 'import', join(dataDir, 'travelers.csv')], env);
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);

  const ingest = async (file: string, now?: string) => {
    copyFileSync(file, join(feedDir, basename(file)));
    const run = await runCli(['work', '--once'], now ? { ...env, ABROAD_NOW: now } : env);
    expect(run.code).toBe(0);
    return run;
  };
  const alerts = async () => {
    const run = await runCli(['alerts', 'list', '--json'], env);
    return run.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  };
  const cleanup = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (dialect !== 'postgres') return;
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  };
  return { dataDir, inside, ingest, alerts, cleanup };
}

for (const dialect of testDialects()) {
  describe.skipIf(!haveFixtures)(`abroad work --once on real feed files [${dialect}]`, () => {
    it('writes one line per matched traveler, once, and none for drafts', async () => {
      const run = await setUp(dialect);
      try {
        await run.ingest(californiaFile, '2003-06-17T22:30:00Z');
        const lines = outboxLines(run.dataDir);
        expect(run.inside).toBeGreaterThan(3);
        expect(lines).toHaveLength(run.inside);
        expect(new Set(lines.map((line) => line.travelerRef)).size).toBe(lines.length);
        expect(lines.every((line) => line.travelerRef.startsWith('ca-'))).toBe(true);

        await run.ingest(californiaFile, '2003-06-17T22:30:00Z');
        expect(outboxLines(run.dataDir)).toHaveLength(run.inside);

        await run.ingest(nevadaFile, '2011-07-10T06:00:00Z');
        expect(outboxLines(run.dataDir)).toHaveLength(run.inside);
        await run.ingest(blizzardFile, '2021-12-27T17:00:00Z');
        expect(outboxLines(run.dataDir)).toHaveLength(run.inside);

        const alerts = await run.alerts();
        const flood = alerts.find((alert) => alert.hazardType === 'flood');
        expect(flood?.status).toBe('draft');
        expect(flood?.counts.targeted).toBe(1);
        const blizzard = alerts.find((alert) => alert.areaUnresolved);
        expect(blizzard?.status).toBe('draft');
        expect(blizzard?.holdReason).toBe('area-unresolved');
        expect(blizzard?.countries).toContain('US');
        const sent = alerts.find((alert) => alert.status === 'sent');
        expect(sent?.counts.sent).toBe(run.inside);
      } finally {
        await run.cleanup();
      }
    });

    it('writes nothing for the same file judged at the real time', async () => {
      const run = await setUp(dialect);
      try {
        await run.ingest(californiaFile);
        expect(outboxLines(run.dataDir)).toHaveLength(0);
        expect(await run.alerts()).toHaveLength(0);
      } finally {
        await run.cleanup();
      }
    });
  });
}
