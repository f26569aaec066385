import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { recordAudit, type Actor } from '../audit/index.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/database.js';
import { newId } from '../ids.js';
import { bumpStayRevision } from './travelers.repo.js';
import { checkStay, checkTraveler } from './travelers.service.js';
import type { ResolvedPlace } from './validation.js';

export const importColumns = [
  'ref',
  'name',
  'phone',
  'kakao_user_key',
  'language',
  'country',
  'city',
  'latitude',
  'longitude',
  'start_date',
  'end_date',
  'consent',
] as const;

type CsvRow = Record<(typeof importColumns)[number], string>;

/** One rejected row: its line in the file (the header is line 1) and every reason. */
export interface RowError {
  line: number;
  ref: string;
  reasons: string[];
}

export class ImportRejected extends Error {
  constructor(readonly rowErrors: RowError[]) {
    super(`${rowErrors.length} row(s) rejected; nothing was imported`);
    this.name = 'ImportRejected';
  }
}

interface CheckedRow {
  line: number;
  traveler: ReturnType<typeof checkTraveler>['fields'];
  place: ResolvedPlace;
  startDate: string;
  endDate: string;
}

export interface ImportResult {
  rows: number;
  travelersCreated: number;
  travelersUpdated: number;
  staysCreated: number;
  staysUpdated: number;
}

/**
 * Imports a mission's register: one row per stay, travelers keyed by `ref`, stays by ref,
 * country and start date. Every row is checked first; one bad row rejects the whole file with
 * every bad row listed. Importing the same rows again updates them and never duplicates.
 */
export async function importTravelersCsv(
  ctx: AppContext,
  csv: string | Buffer,
  actor: Actor,
): Promise<ImportResult> {
  const rows = readCsv(csv);
  const checked = checkRows(rows);
  await checkUserKeysAgainstDatabase(ctx, checked);

  const result = await ctx.db.transaction().execute((trx) => writeRows(trx, checked));
  await recordAudit(ctx.db, {
    actor,
    action: 'traveler.import',
    entityType: 'traveler',
    entityId: 'bulk',
    details: { ...result },
  });
  ctx.log.info({ component: 'travelers', ...result }, 'import done');
  return result;
}

function readCsv(csv: string | Buffer): { line: number; row: CsvRow }[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, {
      columns: (header: string[]) => checkHeader(header.map((name) => name.trim())),
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (error) {
    if (error instanceof ImportRejected) throw error;
    const line = (error as { lines?: number }).lines ?? 0;
    throw new ImportRejected([{ line, ref: '', reasons: [(error as Error).message] }]);
  }
  return records.map(({ record, info }) => ({ line: info.lines, row: record as CsvRow }));
}

function checkHeader(header: string[]): string[] {
  const missing = importColumns.filter((column) => !header.includes(column));
  const unknown = header.filter((column) => !(importColumns as readonly string[]).includes(column));
  if (missing.length > 0 || unknown.length > 0) {
    const reasons = [];
    if (missing.length > 0) reasons.push(`missing column(s): ${missing.join(', ')}`);
    if (unknown.length > 0) reasons.push(`unknown column(s): ${unknown.join(', ')}`);
    reasons.push(`expected the header: ${importColumns.join(',')}`);
    throw new ImportRejected([{ line: 1, ref: '', reasons }]);
  }
  return header;
}

function checkRows(rows: { line: number; row: CsvRow }[]): CheckedRow[] {
  const errors: RowError[] = [];
  const checked: CheckedRow[] = [];
  const stayKeys = new Map<string, number>();
  const keyOwners = new Map<string, string>();

  for (const { line, row } of rows) {
    const reasons = checkRow(row, line, stayKeys, keyOwners);
    const result = reasons.result;
    if (reasons.messages.length > 0 || !result) {
      errors.push({ line, ref: row.ref ?? '', reasons: reasons.messages });
    } else {
      checked.push(result);
    }
  }
  if (rows.length === 0) errors.push({ line: 1, ref: '', reasons: ['the file has no data rows'] });
  if (errors.length > 0) throw new ImportRejected(errors);
  return checked;
}

function checkRow(
  row: CsvRow,
  line: number,
  stayKeys: Map<string, number>,
  keyOwners: Map<string, string>,
): { messages: string[]; result?: CheckedRow } {
  const messages: string[] = [];
  if (!row.ref) messages.push("ref: missing; every row needs the traveler's ref");
  if (row.consent.toLowerCase() !== 'yes') {
    messages.push(
      `consent=${JSON.stringify(row.consent)}: expected "yes"; register only travelers who consented`,
    );
  }

  const traveler = checkTraveler(
    {
      ref: row.ref,
      name: row.name,
      phone: row.phone || null,
      kakaoUserKey: row.kakao_user_key || null,
      language: row.language || 'ko',
      consent: { version: 'register-import' },
    },
    false,
  );
  messages.push(...traveler.problems.map(describe));

  const stay = checkStay({
    country: row.country,
    city: row.city || null,
    lat: row.latitude ? Number(row.latitude) : null,
    lon: row.longitude ? Number(row.longitude) : null,
    startDate: row.start_date,
    endDate: row.end_date,
  });
  messages.push(...stay.problems.map(describe));

  const stayKey = `${row.ref}|${row.country.toUpperCase()}|${row.start_date}`;
  const earlier = stayKeys.get(stayKey);
  if (earlier !== undefined) {
    messages.push(`same ref, country and start date as line ${earlier}; merge the two rows`);
  } else stayKeys.set(stayKey, line);

  const userKey = traveler.fields.kakao_user_key;
  if (userKey) {
    const owner = keyOwners.get(userKey);
    if (owner && owner !== row.ref) messages.push(`kakao_user_key is also given for ref ${owner}`);
    keyOwners.set(userKey, row.ref);
  }
  if (messages.length > 0 || !stay.place) return { messages };
  return {
    messages,
    result: {
      line,
      traveler: traveler.fields,
      place: stay.place,
      startDate: row.start_date,
      endDate: row.end_date,
    },
  };
}

function describe(problem: { field: string; value: unknown; message: string }): string {
  const value = problem.field === 'phone' ? '(not shown)' : JSON.stringify(problem.value);
  return `${problem.field}=${value}: ${problem.message}`;
}

async function checkUserKeysAgainstDatabase(ctx: AppContext, rows: CheckedRow[]) {
  const keys = [
    ...new Set(rows.map((row) => row.traveler.kakao_user_key).filter(Boolean)),
  ] as string[];
  const errors: RowError[] = [];
  for (let offset = 0; offset < keys.length; offset += 500) {
    const owners = await ctx.db
      .selectFrom('travelers')
      .select(['ref', 'kakao_user_key'])
      .where('kakao_user_key', 'in', keys.slice(offset, offset + 500))
      .execute();
    for (const owner of owners) {
      for (const row of rows.filter(
        (candidate) => candidate.traveler.kakao_user_key === owner.kakao_user_key,
      )) {
        if (owner.ref !== row.traveler.ref) {
          errors.push({
            line: row.line,
            ref: row.traveler.ref ?? '',
            reasons: ['kakao_user_key belongs to another registered traveler'],
          });
        }
      }
    }
  }
  if (errors.length > 0) throw new ImportRejected(errors);
}

async function writeRows(trx: Kysely<Database>, rows: CheckedRow[]): Promise<ImportResult> {
  const now = new Date().toISOString();
  const travelerIds = await upsertTravelers(trx, rows, now);
  const changed: string[] = [];
  const result: ImportResult = {
    rows: rows.length,
    ...travelerIds.counts,
    staysCreated: 0,
    staysUpdated: 0,
  };

  for (let offset = 0; offset < rows.length; offset += 400) {
    const batch = rows.slice(offset, offset + 400);
    const existing = await existingStays(trx, batch, travelerIds.byRef);
    const values = batch.map((row) => {
      const travelerId = travelerIds.byRef.get(row.traveler.ref!)!;
      const key = `${travelerId}|${row.place.country}|${row.startDate}`;
      if (existing.has(key)) result.staysUpdated += 1;
      else result.staysCreated += 1;
      return {
        id: existing.get(key) ?? newId(),
        traveler_id: travelerId,
        country: row.place.country,
        city_id: row.place.cityId,
        place_name: row.place.placeName,
        lon: row.place.lon,
        lat: row.place.lat,
        time_zone: row.place.timeZone,
        start_date: row.startDate,
        end_date: row.endDate,
        mission_code: row.place.missionCode,
        created_at: now,
        updated_at: now,
      };
    });
    await trx
      .insertInto('stays')
      .values(values)
      .onConflict((conflict) =>
        conflict.columns(['traveler_id', 'country', 'start_date']).doUpdateSet((eb) => ({
          city_id: eb.ref('excluded.city_id'),
          place_name: eb.ref('excluded.place_name'),
          lon: eb.ref('excluded.lon'),
          lat: eb.ref('excluded.lat'),
          time_zone: eb.ref('excluded.time_zone'),
          end_date: eb.ref('excluded.end_date'),
          mission_code: eb.ref('excluded.mission_code'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
    changed.push(...values.map((value) => value.id));
  }
  await bumpStayRevision(trx, changed);
  return result;
}

async function existingStays(
  trx: Kysely<Database>,
  batch: CheckedRow[],
  byRef: Map<string, string>,
) {
  const ids = [...new Set(batch.map((row) => byRef.get(row.traveler.ref!)!))];
  const rows = await trx
    .selectFrom('stays')
    .select(['id', 'traveler_id', 'country', 'start_date'])
    .where('traveler_id', 'in', ids)
    .execute();
  return new Map(
    rows.map((row) => [`${row.traveler_id}|${row.country}|${row.start_date}`, row.id]),
  );
}

async function upsertTravelers(trx: Kysely<Database>, rows: CheckedRow[], now: string) {
  // The last row of a ref carries the traveler's current contact details.
  const latest = new Map(rows.map((row) => [row.traveler.ref!, row.traveler]));
  const refs = [...latest.keys()];
  const byRef = new Map<string, string>();
  let created = 0;

  for (let offset = 0; offset < refs.length; offset += 400) {
    const batchRefs = refs.slice(offset, offset + 400);
    const known = await trx
      .selectFrom('travelers')
      .select(['id', 'ref'])
      .where('ref', 'in', batchRefs)
      .execute();
    const knownIds = new Map(known.map((row) => [row.ref!, row.id]));
    const values = batchRefs.map((ref) => {
      const fields = latest.get(ref)!;
      if (!knownIds.has(ref)) created += 1;
      return {
        id: knownIds.get(ref) ?? newId(),
        ...fields,
        consent_at: now,
        created_at: now,
        updated_at: now,
        erased_at: null,
      };
    });
    await trx
      .insertInto('travelers')
      .values(values)
      .onConflict((conflict) =>
        conflict.column('ref').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          phone: eb.ref('excluded.phone'),
          kakao_user_key: eb.ref('excluded.kakao_user_key'),
          language: eb.ref('excluded.language'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
    for (const value of values) byRef.set(value.ref!, value.id);
  }
  return { byRef, counts: { travelersCreated: created, travelersUpdated: refs.length - created } };
}
