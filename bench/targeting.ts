/**
 * Targeting benchmark: 1,000,000 stays on real cities weighted towards where Korean travellers
 * go; a city-sized polygon, a 300 km circle and a whole-country event, each against the stay
 * index, a plain scan over every stay, and PostGIS (GiST) when it can be installed. Then the
 * CSV import of 100,000 rows. Prints a Markdown section for bench/RESULTS.md.
 *
 * Run: npm run bench -- targeting   (or: node bin/run-ts.js bench/targeting.ts [stays])
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { findTargets, targetEventVersion, type TargetableEvent } from '../src/alerts/targeting.js';
import { loadConfig } from '../src/config.js';
import { closeContext, openContext, type AppContext } from '../src/context.js';
import { citiesForBenchmark, distanceKm, seededRandom } from '../src/geo/index.js';
import { createLogger } from '../src/log.js';
import {
  importTravelersCsv,
  loadStayIndex,
  stayIndexBytes,
  type StaySegment,
} from '../src/travelers/index.js';

const stayCount = Number(process.argv[2] ?? 1_000_000);
const postgresUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

type Position = [number, number];
const tokyoRing: Position[] = [
  [139.55, 35.55],
  [139.95, 35.55],
  [139.95, 35.85],
  [139.55, 35.85],
  [139.55, 35.55],
];
const osaka: Position = [135.5, 34.69];

const queries: { name: string; event: TargetableEvent }[] = [
  {
    name: 'polygon (Tokyo 23 wards, ~36 x 33 km)',
    event: shapeEvent({ polygons: [tokyoRing], circles: [] }),
  },
  {
    name: 'circle (300 km around Osaka)',
    event: shapeEvent({ polygons: [], circles: [{ center: osaka, radiusKm: 300 }] }),
  },
  {
    name: 'country (all of JP)',
    event: {
      ...shapeEvent({ polygons: [], circles: [] }),
      areaKind: 'countries',
      countries: ['JP'],
    },
  },
];

function shapeEvent(area: {
  polygons: Position[][];
  circles: { center: Position; radiusKm: number }[];
}): TargetableEvent {
  return {
    hazardType: 'other',
    sent: '2026-12-10T00:00:00.000Z',
    expires: '2026-12-11T00:00:00.000Z',
    areaKind: 'shapes',
    countries: [],
    areas: [{ description: 'bench', ...area }],
  };
}

async function seedStays(ctx: AppContext, count: number): Promise<void> {
  const cities = citiesForBenchmark(count, 7);
  const random = seededRandom(11);
  const now = new Date().toISOString();
  const batch = 2000;
  for (let offset = 0; offset < count; offset += batch) {
    const size = Math.min(batch, count - offset);
    const travelers = [];
    const stays = [];
    for (let i = 0; i < size; i += 1) {
      const n = offset + i;
      const city = cities[n];
      const id = `t${String(n).padStart(8, '0')}`;
      travelers.push({
        id,
        ref: `B${n}`,
        language: 'ko',
        consent_version: 'bench',
        consent_at: now,
        created_at: now,
        updated_at: now,
      });
      // Spread people around the city centre by up to ~5 km, as hotels and homes are.
      stays.push({
        id: `s${String(n).padStart(8, '0')}`,
        traveler_id: id,
        country: city.country,
        city_id: city.id,
        place_name: city.name,
        lon: city.lon + (random() - 0.5) * 0.1,
        lat: city.lat + (random() - 0.5) * 0.08,
        time_zone: city.timeZone,
        start_date: '2026-12-01',
        end_date: '2026-12-31',
        mission_code: null,
        created_at: now,
        updated_at: now,
      });
    }
    await ctx.db.insertInto('travelers').values(travelers).execute();
    await ctx.db.insertInto('stays').values(stays).execute();
  }
  await ctx.db
    .updateTable('stay_revision')
    .set({ revision: sql`revision + 1` })
    .execute();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timeIt<T>(
  runs: number,
  body: () => Promise<T> | T,
): Promise<{ ms: number; result: T }> {
  const times: number[] = [];
  let result!: T;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    result = await body();
    times.push(performance.now() - started);
  }
  return { ms: median(times), result };
}

/** The same question answered by looking at every stay, with no spatial index. */
function plainScan(index: StaySegment, event: TargetableEvent): number {
  let hits = 0;
  const from = Date.parse(event.sent);
  const to = Date.parse(event.expires!);
  const area = event.areas[0];
  for (let i = 0; i < index.size; i += 1) {
    if (!(index.activeFrom[i] < to && index.activeTo[i] > from)) continue;
    if (event.areaKind === 'countries') {
      if (event.countries.includes(index.countries[i])) hits += 1;
    } else if (area.polygons.length > 0) {
      if (insideRing(area.polygons[0], index.lon[i], index.lat[i])) hits += 1;
    } else if (
      distanceKm(
        area.circles[0].center[0],
        area.circles[0].center[1],
        index.lon[i],
        index.lat[i],
      ) <= area.circles[0].radiusKm
    ) {
      hits += 1;
    }
  }
  return hits;
}

function insideRing(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

async function postgis(
  index: StaySegment,
): Promise<Map<string, { ms: number; hits: number }> | string> {
  const client = new pg.Client({ connectionString: postgresUrl });
  try {
    await client.connect();
  } catch (error) {
    return `PostgreSQL not reachable at ${postgresUrl}: ${(error as Error).message}`;
  }
  try {
    if (!(await ensurePostgis(client)))
      return "PostGIS could not be installed (needs root and Debian's postgresql-15-postgis-3)";
    await client.query(
      'create schema if not exists bench_targeting; set search_path = bench_targeting, public',
    );
    await client.query(
      'drop table if exists stays_gis; create table stays_gis (id int primary key, country text, geog geography(Point, 4326))',
    );
    for (let offset = 0; offset < index.size; offset += 10_000) {
      const ids = [],
        lons = [],
        lats = [],
        countries = [];
      for (let i = offset; i < Math.min(index.size, offset + 10_000); i += 1) {
        ids.push(i);
        lons.push(index.lon[i]);
        lats.push(index.lat[i]);
        countries.push(index.countries[i]);
      }
      await client.query(
        'insert into stays_gis select id, country, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography from unnest($1::int[], $2::float8[], $3::float8[], $4::text[]) as t(id, lon, lat, country)',
        [ids, lons, lats, countries],
      );
    }
    await client.query(
      'create index on stays_gis using gist (geog); create index on stays_gis (country); analyze stays_gis',
    );
    const ring = tokyoRing.map(([lon, lat]) => `${lon} ${lat}`).join(',');
    const sqlOf: Record<string, string> = {
      [queries[0].name]:
        `select count(*) from stays_gis where ST_Intersects(geog, ST_GeogFromText('SRID=4326;POLYGON((${ring}))'))`,
      [queries[1].name]:
        `select count(*) from stays_gis where ST_DWithin(geog, ST_SetSRID(ST_MakePoint(${osaka[0]}, ${osaka[1]}), 4326)::geography, 300000)`,
      [queries[2].name]: `select count(*) from stays_gis where country = 'JP'`,
    };
    const results = new Map<string, { ms: number; hits: number }>();
    for (const [name, text] of Object.entries(sqlOf)) {
      const timed = await timeIt(5, async () => Number((await client.query(text)).rows[0].count));
      results.set(name, { ms: timed.ms, hits: timed.result });
    }
    await client.query('drop schema bench_targeting cascade');
    return results;
  } finally {
    await client.end();
  }
}

async function ensurePostgis(client: pg.Client): Promise<boolean> {
  try {
    await client.query('create extension if not exists postgis');
    return true;
  } catch {
    process.stderr.write('PostGIS missing: installing postgresql-15-postgis-3 with apt-get\n');
    try {
      execSync('apt-get install -y -qq postgresql-15-postgis-3', {
        stdio: 'ignore',
        timeout: 300_000,
      });
      await client.query('create extension if not exists postgis');
      return true;
    } catch {
      return false;
    }
  }
}

function importCsv(rows: number): string {
  const cities = citiesForBenchmark(rows, 3);
  const lines = [
    'ref,name,phone,kakao_user_key,language,country,city,latitude,longitude,start_date,end_date,consent',
  ];
  cities.forEach((city, i) => {
    lines.push(
      `I${i},Bench ${i},+8210${String(10_000_000 + i)},,ko,${city.country},,${city.lat},${city.lon},2026-12-01,2026-12-31,yes`,
    );
  });
  return lines.join('\n');
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'abroad-bench-'));
  const config = loadConfig({ ABROAD_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const ctx = await openContext(config, createLogger('warn'));
  const out: string[] = [];
  try {
    const seeded = await timeIt(1, () => seedStays(ctx, stayCount));
    const heapBefore = process.memoryUsage();
    const built = await timeIt(1, () => loadStayIndex(ctx.db));
    const heapAfter = process.memoryUsage();
    const index = built.result.segments[0];

    out.push(`## Targeting (${new Date().toISOString().slice(0, 10)})`, '');
    out.push(
      `Machine: ${cpus().length} cores (${cpus()[0].model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
    );
    out.push(
      `Command: \`node bin/run-ts.js bench/targeting.ts ${stayCount}\` (SQLite in a temporary folder).`,
      '',
    );
    out.push(
      `- ${index.size.toLocaleString('en')} stays seeded in ${(seeded.ms / 1000).toFixed(1)} s; index built from the database in ${built.ms.toFixed(0)} ms.`,
    );
    out.push(
      `- Index memory: ${(stayIndexBytes(built.result) / 2 ** 20).toFixed(0)} MiB estimated (typed arrays and tree exact, strings estimated); heap grew ${((heapAfter.heapUsed - heapBefore.heapUsed) / 2 ** 20).toFixed(0)} MiB, array buffers ${((heapAfter.arrayBuffers - heapBefore.arrayBuffers) / 2 ** 20).toFixed(0)} MiB.`,
      '',
    );

    const gis = await postgis(index);
    out.push(
      '| query | matches | index search | index search + match objects | plain scan | scan / index search | PostGIS GiST | PostGIS / index search |',
    );
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const query of queries) {
      const searched = await timeIt(5, () => findTargets(index, query.event, config));
      const full = await timeIt(5, () => targetEventVersion(ctx, query.event));
      const scanned = await timeIt(5, () => plainScan(index, query.event));
      const row = typeof gis === 'string' ? undefined : gis.get(query.name);
      const gisCells = row
        ? [`${row.ms.toFixed(1)} ms (${row.hits})`, `${(row.ms / searched.ms).toFixed(1)}x`]
        : ['skipped', '-'];
      const cells = [
        query.name,
        full.result.length.toLocaleString('en'),
        `${searched.ms.toFixed(1)} ms`,
        `${full.ms.toFixed(1)} ms`,
        `${scanned.ms.toFixed(1)} ms (${scanned.result})`,
        `${(scanned.ms / searched.ms).toFixed(1)}x`,
        ...gisCells,
      ];
      out.push(`| ${cells.join(' | ')} |`);
    }
    if (typeof gis === 'string') out.push('', `PostGIS: skipped: ${gis}.`);
    out.push(
      '',
      'Times are medians of 5 runs. "Index search" finds the matching positions with their reasons; the next column adds building one result object per match, as alerts use them. The plain scan applies the same tests to every stay and only counts.',
    );

    const csv = importCsv(100_000);
    const imported = await timeIt(1, () =>
      importTravelersCsv(ctx, csv, { kind: 'system', id: 'bench' }),
    );
    out.push(
      '',
      `- CSV import of 100,000 rows (coordinates, checked, one transaction): ${(imported.ms / 1000).toFixed(1)} s, ${Math.round(100_000 / (imported.ms / 1000)).toLocaleString('en')} rows/s.`,
    );
  } finally {
    await closeContext(ctx);
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(out.join('\n') + '\n');
}

await main();
