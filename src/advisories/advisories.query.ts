import type { AppContext } from '../context.js';
import { ensureBundledSnapshot } from './advisories.service.js';

export interface AdvisoryLevel {
  level: number | null;
  regionScope: string;
  remark: string;
  writtenDate: string | null;
}

export interface SpecialAdvisory {
  regionScope: string;
  remark: string;
  writtenDate: string | null;
}

export interface SafetyNotice {
  id: string;
  title: string;
  category: string | null;
  writtenDate: string | null;
}

/** What the stored data says about one kind of record for a country, and as of when. */
export interface Coverage<T> {
  /** False when no import covers the country: nothing can be said, not even "none". */
  known: boolean;
  asOf: string | null;
  rows: T[];
}

export interface CountryAdvisory {
  country: string;
  levels: Coverage<AdvisoryLevel>;
  special: Coverage<SpecialAdvisory>;
  notices: Coverage<SafetyNotice>;
  /** Highest level in force anywhere in the country, or null. */
  highestLevel: number | null;
}

/**
 * Returns the travel advisory levels, special advisories and latest safety notices stored for
 * a country, each with the date of the import it came from.
 */
export async function countryAdvisory(
  ctx: AppContext,
  country: string,
  noticeLimit = 3,
): Promise<CountryAdvisory> {
  await ensureBundledSnapshot(ctx);
  const [levelsAsOf, specialAsOf, noticesAsOf] = await Promise.all(
    (['levels', 'special', 'notices'] as const).map((kind) => coveringImport(ctx, kind, country)),
  );

  const levels = await ctx.db
    .selectFrom('advisory_levels')
    .select(['level', 'region_scope', 'remark', 'written_date'])
    .where('country', '=', country)
    .orderBy('level', 'desc')
    .execute();
  const special = await ctx.db
    .selectFrom('special_advisories')
    .select(['region_scope', 'remark', 'written_date'])
    .where('country', '=', country)
    .execute();
  const notices = await ctx.db
    .selectFrom('safety_notices')
    .select(['id', 'title', 'category', 'written_date'])
    .where('country', '=', country)
    .orderBy('written_date', 'desc')
    .limit(noticeLimit)
    .execute();

  const levelRows = levels.map((row) => ({
    level: row.level === null ? null : Number(row.level),
    regionScope: row.region_scope,
    remark: row.remark,
    writtenDate: row.written_date,
  }));
  return {
    country,
    levels: coverage(levelsAsOf, levelRows),
    special: coverage(
      specialAsOf,
      special.map((row) => ({
        regionScope: row.region_scope,
        remark: row.remark,
        writtenDate: row.written_date,
      })),
    ),
    notices: coverage(
      noticesAsOf,
      notices.map((row) => ({
        id: row.id,
        title: row.title,
        category: row.category,
        writtenDate: row.written_date,
      })),
    ),
    highestLevel: levelRows.reduce<number | null>(
      (highest, row) => (row.level !== null && row.level > (highest ?? 0) ? row.level : highest),
      null,
    ),
  };
}

function coverage<T>(asOf: string | null, rows: T[]): Coverage<T> {
  return { known: asOf !== null || rows.length > 0, asOf, rows };
}

interface ImportCoverage {
  asOf: string;
  complete: boolean;
  countries: Set<string>;
}

/** Import lists by database, newest data first, kept briefly: every safety answer reads them. */
const coverageCache = new WeakMap<
  object,
  { loadedAt: number; byKind: Map<string, ImportCoverage[]> }
>();
const coverageTtlMs = 30_000;

/** Forgets the cached import lists of a database, after an import in this process. */
export function forgetCoverage(db: object): void {
  coverageCache.delete(db);
}

async function importsByKind(ctx: AppContext): Promise<Map<string, ImportCoverage[]>> {
  const cached = coverageCache.get(ctx.db);
  if (cached && Date.now() - cached.loadedAt < coverageTtlMs) return cached.byKind;

  const rows = await ctx.db
    .selectFrom('advisory_imports')
    .select(['kind', 'as_of', 'complete', 'countries'])
    // The newest data first; of two imports of the same date, the later import. Two imports in
    // one millisecond tie on imported_at, so the date of the data decides first.
    .orderBy('as_of', 'desc')
    .orderBy('imported_at', 'desc')
    .execute();
  const byKind = new Map<string, ImportCoverage[]>();
  for (const row of rows) {
    const list = byKind.get(row.kind) ?? [];
    list.push({
      asOf: row.as_of,
      complete: Number(row.complete) === 1,
      countries: new Set(JSON.parse(row.countries) as string[]),
    });
    byKind.set(row.kind, list);
  }
  coverageCache.set(ctx.db, { loadedAt: Date.now(), byKind });
  return byKind;
}

/** Returns the date of the newest import of a kind that covers a country, or null. */
async function coveringImport(ctx: AppContext, kind: string, country: string) {
  const imports = (await importsByKind(ctx)).get(kind) ?? [];
  const covering = imports.find((entry) => entry.complete || entry.countries.has(country));
  return covering?.asOf ?? null;
}
