import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { AppContext } from '../context.js';
import type { Database } from '../db/database.js';
import { newId } from '../ids.js';
import { ValidationError } from '../server/errors.js';
import { forgetCoverage } from './advisories.query.js';
import { parseMofaDocument, type MofaDocument } from './mofa-parse.js';

export interface ImportOptions {
  /** The date the data describes (YYYY-MM-DD); today when not given. */
  asOf?: string;
  /** The response lists every country (an unfiltered call), so absent countries have none. */
  complete?: boolean;
  origin: string;
}

export interface ImportSummary {
  importId: string;
  kind: MofaDocument['kind'];
  rows: number;
  skipped: number;
  countries: number;
  asOf: string;
}

/**
 * Stores one parsed response of the ministry's API. Rows of the covered countries replace what
 * was stored for them (all countries when the import is complete); notices are kept by id.
 */
export async function importAdvisoryDocument(
  ctx: AppContext,
  json: unknown,
  options: ImportOptions,
): Promise<ImportSummary> {
  const document = parseMofaDocument(json);
  const asOf = options.asOf ?? ctx.clock.real().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
    throw new ValidationError([{ field: 'asOf', value: asOf, message: 'expected YYYY-MM-DD' }]);
  }
  const countries = [...new Set(document.rows.map((row) => row.country))].sort();
  const importId = newId();

  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('advisory_imports')
      .values({
        id: importId,
        kind: document.kind,
        as_of: asOf,
        complete: options.complete ? 1 : 0,
        countries: JSON.stringify(countries),
        origin: options.origin,
        imported_at: new Date().toISOString(),
      })
      .execute();
    await storeRows(trx, document, importId, options.complete ? undefined : countries);
  });
  forgetCoverage(ctx.db);
  ctx.log.info(
    { component: 'advisories', importId, kind: document.kind, rows: document.rows.length, asOf },
    'imported advisory data',
  );
  return {
    importId,
    kind: document.kind,
    rows: document.rows.length,
    skipped: document.skipped,
    countries: countries.length,
    asOf,
  };
}

async function storeRows(
  trx: Kysely<Database>,
  document: MofaDocument,
  importId: string,
  onlyCountries: string[] | undefined,
): Promise<void> {
  if (document.kind === 'notices') {
    const ids = document.rows.map((row) => row.id);
    for (const chunk of chunks(ids, 200)) {
      await trx.deleteFrom('safety_notices').where('id', 'in', chunk).execute();
    }
    for (const chunk of chunks(document.rows, 200)) {
      await trx
        .insertInto('safety_notices')
        .values(
          chunk.map((row) => ({
            id: row.id,
            import_id: importId,
            country: row.country,
            title: row.title,
            body: row.body,
            category: row.category,
            written_date: row.writtenDate,
          })),
        )
        .execute();
    }
    return;
  }

  const table = document.kind === 'levels' ? 'advisory_levels' : 'special_advisories';
  let remove = trx.deleteFrom(table);
  if (onlyCountries) {
    if (onlyCountries.length === 0) return;
    remove = remove.where('country', 'in', onlyCountries);
  }
  await remove.execute();
  for (const chunk of chunks(document.rows as unknown as Array<Record<string, unknown>>, 200)) {
    await trx
      .insertInto(table)
      .values(
        chunk.map((row) => ({
          id: newId(),
          import_id: importId,
          country: row.country as string,
          ...(table === 'advisory_levels' ? { level: row.level as number | null } : {}),
          region_scope: row.regionScope as string,
          remark: row.remark as string,
          written_date: row.writtenDate as string | null,
        })) as never,
      )
      .execute();
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    out.push(items.slice(start, start + size));
  return out;
}

const snapshotUrl = new URL('./data/snapshot.json', import.meta.url);
const bundledOrigin = 'bundled';
const bundledLoads = new WeakMap<object, Promise<void>>();

/**
 * Loads the bundled snapshot into an empty database, once per database handle. A database that
 * holds any import (bundled or real) is left as it is.
 */
export function ensureBundledSnapshot(ctx: AppContext): Promise<void> {
  let load = bundledLoads.get(ctx.db);
  if (!load) {
    load = loadBundled(ctx).catch((error) => {
      bundledLoads.delete(ctx.db);
      throw error;
    });
    bundledLoads.set(ctx.db, load);
  }
  return load;
}

async function loadBundled(ctx: AppContext): Promise<void> {
  const existing = await ctx.db.selectFrom('advisory_imports').select('id').limit(1).execute();
  if (existing.length > 0) return;
  const snapshot = JSON.parse(readFileSync(snapshotUrl, 'utf8')) as {
    asOf: string;
    complete: boolean;
    documents: unknown[];
  };
  for (const document of snapshot.documents) {
    await importAdvisoryDocument(ctx, document, {
      asOf: snapshot.asOf,
      complete: snapshot.complete,
      origin: bundledOrigin,
    });
  }
}

/** Imports one file that contains a saved API response (JSON). */
export async function importAdvisoryFile(
  ctx: AppContext,
  path: string,
  options: Omit<ImportOptions, 'origin'>,
): Promise<ImportSummary> {
  const json = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  return importAdvisoryDocument(ctx, json, { ...options, origin: `file:${path}` });
}
