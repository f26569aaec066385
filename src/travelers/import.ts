import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
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

interface CsvLine {
  line: number;
  row: CsvRow;
  /** The row has fewer or more cells than the header. */
  wrongLength: boolean;
}

/** CSV column for each field name the checks use, so row errors name the file's columns. */
const columnOf: Record<string, string> = {
  kakaoUserKey: 'kakao_user_key',
  startDate: 'start_date',
  endDate: 'end_date',
  lat: 'latitude',
  lon: 'longitude',
  cityId: 'city',
  'consent.version': 'consent',
};

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
  /** The file's text encoding: UTF-8, or CP949 as Korean Excel writes it. */
  encoding?: 'utf-8' | 'cp949';
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
  const { text, encoding } = decodeCsv(csv);
  const rows = readCsv(text);
  const checked = checkRows(rows);
  checkSameTravelerDetails(checked);
  await checkUserKeysAgainstDatabase(ctx, checked);

  const result = await ctx.db.transaction().execute(async (trx) => {
    const written = await writeRows(trx, checked);
    await recordAudit(trx, {
      actor,
      action: 'traveler.import',
      entityType: 'traveler',
      entityId: 'bulk',
      details: { ...written, encoding },
    });
    return { ...written, encoding };
  });
  ctx.log.info({ component: 'travelers', ...result }, 'import done');
  return result;
}

/**
 * Decodes the file as UTF-8, or as CP949 when it is not UTF-8 but is valid CP949: Excel in
 * Korea saves "CSV" in CP949 unless told otherwise. Anything else is rejected with the lines
 * that hold the invalid bytes.
 */
function decodeCsv(csv: string | Buffer): { text: string; encoding: 'utf-8' | 'cp949' } {
  if (typeof csv === 'string') return { text: csv, encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(csv), encoding: 'utf-8' };
  } catch {
    const korean = iconv.decode(csv, 'cp949');
    if (!korean.includes('\uFFFD')) return { text: korean, encoding: 'cp949' };
  }
  const errors: RowError[] = [];
  let start = 0;
  for (let line = 1; start < csv.length && errors.length < 20; line += 1) {
    const end = csv.indexOf(0x0a, start) === -1 ? csv.length : csv.indexOf(0x0a, start);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(csv.subarray(start, end));
    } catch {
      errors.push({
        line,
        ref: '',
        reasons: ['the line is neither UTF-8 nor CP949 text; save the file as "CSV UTF-8"'],
      });
    }
    start = end + 1;
  }
  throw new ImportRejected(errors);
}

/** Rows of one traveler must agree on the traveler's details; otherwise which one wins? */
function checkSameTravelerDetails(rows: CheckedRow[]) {
  const first = new Map<string, CheckedRow>();
  const errors: RowError[] = [];
  for (const row of rows) {
    const ref = row.traveler.ref!;
    const earlier = first.get(ref);
    if (!earlier) {
      first.set(ref, row);
      continue;
    }
    const fields = (['name', 'phone', 'kakao_user_key', 'language'] as const).filter(
      (field) => earlier.traveler[field] !== row.traveler[field],
    );
    if (fields.length > 0) {
      errors.push({
        line: row.line,
        ref,
        reasons: [
          `${fields.join(', ')} differ from line ${earlier.line} of the same ref; give one traveler the same details on every row`,
        ],
      });
    }
  }
  if (errors.length > 0) throw new ImportRejected(errors);
}

function readCsv(csv: string): CsvLine[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, {
      columns: (header: string[]) => checkHeader(header.map((name) => name.trim())),
      bom: true,
      skip_empty_lines: true,
      // Excel leaves rows of bare commas at the end of a sheet; they carry no data.
      skip_records_with_empty_values: true,
      // A short or long row is reported with the others instead of stopping the parser.
      relax_column_count: true,
      trim: true,
      info: true,
    });
  } catch (error) {
    if (error instanceof ImportRejected) throw error;
    const line = (error as { lines?: number }).lines ?? 0;
    throw new ImportRejected([{ line, ref: '', reasons: [(error as Error).message] }]);
  }
  // csv-parse counts rows of the wrong length cumulatively, so a rise marks the row itself.
  let seenInvalid = 0;
  return records.map(({ record, info }) => {
    const counted = (info as { invalid_field_length?: number }).invalid_field_length ?? 0;
    const wrongLength = counted > seenInvalid;
    seenInvalid = counted;
    return { line: info.lines, row: record as CsvRow, wrongLength };
  });
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

function checkRows(rows: CsvLine[]): CheckedRow[] {
  const errors: RowError[] = [];
  const checked: CheckedRow[] = [];
  const stayKeys = new Map<string, number>();
  const keyOwners = new Map<string, string>();

  for (const { line, row, wrongLength } of rows) {
    if (wrongLength) {
      errors.push({
        line,
        ref: row.ref ?? '',
        reasons: [
          `expected ${importColumns.length} columns like the header; check for missing or extra commas`,
        ],
      });
      continue;
    }
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
  return `${columnOf[problem.field] ?? problem.field}=${value}: ${problem.message}`;
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
