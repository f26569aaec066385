import KDBush from 'kdbush';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { readStayRevision } from './travelers.repo.js';
import { localMidnightUtc, nextDate } from './zoned-time.js';

/**
 * Every stay in memory, as parallel arrays, with a k-d tree over its coordinates and a list
 * per country. Each stay's dates become the UTC interval from local midnight of its first day
 * to local midnight after its last day, so overlap with an event is a comparison of numbers.
 */
export interface StayIndex {
  revision: number;
  size: number;
  tree: KDBush;
  stayIds: string[];
  travelerIds: string[];
  countries: string[];
  placeNames: string[];
  timeZones: string[];
  missionCodes: (string | null)[];
  lon: Float64Array;
  lat: Float64Array;
  activeFrom: Float64Array;
  activeTo: Float64Array;
  byCountry: Map<string, number[]>;
}

const cache = new WeakMap<object, StayIndex>();
const loading = new WeakMap<object, Promise<StayIndex>>();

/**
 * Returns the stay index of a database, rebuilt only when the stays revision has moved since
 * the cached copy was built, so every process targets against committed stays.
 */
export async function loadStayIndex(db: Kysely<Database>): Promise<StayIndex> {
  const revision = await readStayRevision(db);
  const cached = cache.get(db);
  if (cached && cached.revision === revision) return cached;

  const pending = loading.get(db);
  if (pending) return pending;
  const build = buildStayIndex(db, revision).finally(() => loading.delete(db));
  loading.set(db, build);
  const index = await build;
  cache.set(db, index);
  return index;
}

async function buildStayIndex(db: Kysely<Database>, revision: number): Promise<StayIndex> {
  const rows = await db
    .selectFrom('stays')
    .select([
      'id',
      'traveler_id',
      'country',
      'place_name',
      'lon',
      'lat',
      'time_zone',
      'start_date',
      'end_date',
      'mission_code',
    ])
    .execute();
  const size = rows.length;
  const index: StayIndex = {
    revision,
    size,
    tree: new KDBush(Math.max(size, 1)),
    stayIds: new Array(size),
    travelerIds: new Array(size),
    countries: new Array(size),
    placeNames: new Array(size),
    timeZones: new Array(size),
    missionCodes: new Array(size),
    lon: new Float64Array(size),
    lat: new Float64Array(size),
    activeFrom: new Float64Array(size),
    activeTo: new Float64Array(size),
    byCountry: new Map(),
  };

  rows.forEach((row, i) => {
    const lon = Number(row.lon);
    const lat = Number(row.lat);
    index.stayIds[i] = row.id;
    index.travelerIds[i] = row.traveler_id;
    index.countries[i] = row.country;
    index.placeNames[i] = row.place_name;
    index.timeZones[i] = row.time_zone;
    index.missionCodes[i] = row.mission_code;
    index.lon[i] = lon;
    index.lat[i] = lat;
    index.activeFrom[i] = localMidnightUtc(row.start_date, row.time_zone);
    index.activeTo[i] = localMidnightUtc(nextDate(row.end_date), row.time_zone);
    index.tree.add(lon, lat);
    let list = index.byCountry.get(row.country);
    if (!list) index.byCountry.set(row.country, (list = []));
    list.push(i);
  });
  if (size === 0) index.tree.add(0, 0);
  index.tree.finish();
  return index;
}

/** Estimates the memory the index holds, in bytes: typed arrays exactly, strings roughly. */
export function stayIndexBytes(index: StayIndex): number {
  const typed = index.lon.byteLength * 4 + index.tree.data.byteLength;
  const strings = index.size * (2 * (36 + 36) + 8 * 6);
  return typed + strings;
}
