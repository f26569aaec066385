import KDBush from 'kdbush';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { StayTable } from './travelers.tables.js';
import { readStayRevision } from './travelers.repo.js';
import { localMidnightUtc, nextDate } from './zoned-time.js';

/**
 * A set of stays in memory as parallel arrays, with a k-d tree over their coordinates and a
 * list per country. Each stay's dates become the UTC interval from local midnight of its first
 * day to local midnight after its last day, so overlap with an event compares numbers.
 */
export interface StaySegment {
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
  /** Positions whose stay changed after the segment was built; targeting skips them. */
  stale: Uint8Array;
}

/**
 * Every stay at one revision: a large base segment built from the whole table, and a small
 * segment with the stays changed since, which replace their stale copies in the base.
 */
export interface StayIndex {
  revision: number;
  segments: StaySegment[];
  size: number;
}

type StayRow = Pick<
  StayTable,
  | 'id'
  | 'traveler_id'
  | 'country'
  | 'place_name'
  | 'lon'
  | 'lat'
  | 'time_zone'
  | 'start_date'
  | 'end_date'
  | 'mission_code'
>;

const stayColumns = [
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
] as const;

/** Above this many changed stays the index is rebuilt instead of patched. */
const maxPatchedStays = 50_000;

interface CacheEntry {
  base: StaySegment;
  baseRevision: number;
  positions: Map<string, number>;
  index: StayIndex;
}

const cache = new WeakMap<object, CacheEntry>();
const pending = new WeakMap<object, Promise<StayIndex>>();

/**
 * Returns the stay index of a database at its current revision. The first call loads every
 * stay; later calls patch the cached base with the stays changed since, so each process
 * targets against committed stays without reloading the table.
 */
export async function loadStayIndex(db: Kysely<Database>): Promise<StayIndex> {
  const running = pending.get(db);
  if (running) return running;
  const refresh = refreshIndex(db).finally(() => pending.delete(db));
  pending.set(db, refresh);
  return refresh;
}

async function refreshIndex(db: Kysely<Database>): Promise<StayIndex> {
  const revision = await readStayRevision(db);
  const cached = cache.get(db);
  if (cached?.index.revision === revision) return cached.index;

  if (cached) {
    const patched = await patchIndex(db, cached, revision);
    if (patched) return patched;
  }
  const base = await loadSegment(db);
  const positions = new Map(base.stayIds.map((id, i) => [id, i]));
  const index = { revision, segments: [base], size: base.size };
  cache.set(db, { base, baseRevision: revision, positions, index });
  return index;
}

async function patchIndex(db: Kysely<Database>, cached: CacheEntry, revision: number) {
  const oldest = await db
    .selectFrom('stay_changes')
    .select((eb) => eb.fn.min('revision').as('oldest'))
    .executeTakeFirst();
  // Change rows older than the base were pruned: the base can no longer be patched.
  if (oldest?.oldest == null || Number(oldest.oldest) > cached.baseRevision + 1) return undefined;

  const changes = await db
    .selectFrom('stay_changes')
    .select('stay_id')
    .distinct()
    .where('revision', '>', cached.baseRevision)
    .where('revision', '<=', revision)
    .execute();
  if (changes.length > maxPatchedStays) return undefined;

  const changedIds = changes.map((change) => change.stay_id);
  const rows = await selectStays(db, changedIds);
  const stale = new Uint8Array(cached.base.size);
  for (const id of changedIds) {
    const position = cached.positions.get(id);
    if (position !== undefined) stale[position] = 1;
  }
  const base = { ...cached.base, stale };
  const delta = buildSegment(rows);
  const index = { revision, segments: [base, delta], size: base.size + delta.size };
  cached.index = index;
  return index;
}

async function selectStays(db: Kysely<Database>, ids: string[]): Promise<StayRow[]> {
  const rows: StayRow[] = [];
  for (let offset = 0; offset < ids.length; offset += 1000) {
    const batch = await db
      .selectFrom('stays')
      .select(stayColumns)
      .where('id', 'in', ids.slice(offset, offset + 1000))
      .execute();
    rows.push(...batch);
  }
  return rows;
}

/**
 * Loads every stay in pages of 100,000 by id and adds each page to the segment at once, so the
 * process never keeps row objects for the whole table. Stays inserted while the pages load are
 * included and also patched in later from the change rows, which is harmless.
 */
async function loadSegment(db: Kysely<Database>): Promise<StaySegment> {
  const counted = await db
    .selectFrom('stays')
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  const segment = emptySegment(Number(counted.count));
  let after = '';
  let loaded = 0;
  while (loaded < segment.capacity) {
    const page = await db
      .selectFrom('stays')
      .select(stayColumns)
      .where('id', '>', after)
      .orderBy('id')
      .limit(Math.min(100_000, segment.capacity - loaded))
      .execute();
    for (const row of page) addRow(segment, row, loaded++);
    if (page.length === 0) break;
    after = page[page.length - 1].id;
  }
  return finishSegment(segment, loaded);
}

function buildSegment(rows: StayRow[]): StaySegment {
  const segment = emptySegment(rows.length);
  rows.forEach((row, i) => addRow(segment, row, i));
  return finishSegment(segment, rows.length);
}

function emptySegment(capacity: number): StaySegment & { capacity: number } {
  return {
    capacity,
    size: 0,
    tree: new KDBush(Math.max(capacity, 1)),
    stayIds: new Array(capacity),
    travelerIds: new Array(capacity),
    countries: new Array(capacity),
    placeNames: new Array(capacity),
    timeZones: new Array(capacity),
    missionCodes: new Array(capacity),
    lon: new Float64Array(capacity),
    lat: new Float64Array(capacity),
    activeFrom: new Float64Array(capacity),
    activeTo: new Float64Array(capacity),
    byCountry: new Map(),
    stale: new Uint8Array(capacity),
  };
}

/**
 * Fills the tree up to its capacity and finishes it. Points past `size` (stays deleted while
 * loading, or the one point an empty tree needs) sit at 0,0 and never match, because
 * targeting skips positions at or above `size`.
 */
function finishSegment(segment: StaySegment & { capacity: number }, size: number): StaySegment {
  for (let i = size; i < Math.max(segment.capacity, 1); i += 1) segment.tree.add(0, 0);
  segment.tree.finish();
  segment.size = size;
  return segment;
}

function addRow(segment: StaySegment, row: StayRow, i: number): void {
  const lon = Number(row.lon);
  const lat = Number(row.lat);
  segment.stayIds[i] = row.id;
  segment.travelerIds[i] = row.traveler_id;
  segment.countries[i] = row.country;
  segment.placeNames[i] = row.place_name;
  segment.timeZones[i] = row.time_zone;
  segment.missionCodes[i] = row.mission_code;
  segment.lon[i] = lon;
  segment.lat[i] = lat;
  segment.activeFrom[i] = localMidnightUtc(row.start_date, row.time_zone);
  segment.activeTo[i] = localMidnightUtc(nextDate(row.end_date), row.time_zone);
  segment.tree.add(lon, lat);
  let list = segment.byCountry.get(row.country);
  if (!list) segment.byCountry.set(row.country, (list = []));
  list.push(i);
}

/** Estimates the memory an index holds, in bytes: typed arrays exactly, strings roughly. */
export function stayIndexBytes(index: StayIndex): number {
  let bytes = 0;
  for (const segment of index.segments) {
    bytes += segment.lon.byteLength * 4 + segment.tree.data.byteLength + segment.size * 5;
    // Two 36-character ids per stay (UTF-16 in V8 when not one-byte) plus four references.
    bytes += segment.size * (2 * (36 + 16) + 8 * 6);
  }
  return bytes;
}

/** Deletes change rows older than a revision; processes with older indexes then rebuild. */
export async function pruneStayChanges(db: Kysely<Database>, keepAfterRevision: number) {
  const deleted = await db
    .deleteFrom('stay_changes')
    .where('revision', '<=', keepAfterRevision)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
