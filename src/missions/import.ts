import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { citiesNear, countryAt, distanceKm, findCities, isCountryCode } from '../geo/index.js';
import type { City } from '../geo/index.js';
import { missionCode } from './mission-code.js';
import { missionSchema, type Mission, type MissionKind } from './mission.js';

/** Result of an import: the missions read, and the rows left out with the reason. */
export interface MissionImport {
  missions: Mission[];
  skipped: SkippedRow[];
}

export interface SkippedRow {
  /** 1-based row number in the source (the CSV header is row 1). */
  row: number;
  name: string;
  reason: string;
}

/** One source row, after the column names of either source are mapped onto it. */
interface SourceRow {
  row: number;
  nameKo: string;
  country: string;
  /** 겸임: the row names a country the mission serves from elsewhere. */
  concurrent: boolean;
  type: string;
  lat: number | undefined;
  lon: number | undefined;
  address: string;
  phone: string;
  emergencyPhone: string;
}

/** Ministry type names (재외공관 유형, embassy_ty_cd_nm) and our kinds. */
const kindsByType: Record<string, MissionKind> = {
  대사관: 'embassy',
  총영사관: 'consulate-general',
  영사관: 'consulate',
  분관: 'consulate',
  출장소: 'consulate',
  대표부: 'mission',
};

/** Words of a Korean mission name that are not its city ("주 오사카 대한민국 총영사관"). */
const nameWords = new Set(['대한민국', ...Object.keys(kindsByType)]);

/**
 * Turns a ministry phone into international form: "(233)302-771-705" gives
 * "+233-302-771-705". Returns null for an empty value; keeps other forms with spaces as hyphens.
 */
export function normalizePhone(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;

  const bracketed = /^\(\+?(\d{1,4})\)\s*(.+)$/.exec(trimmed);
  const international = bracketed ? `+${bracketed[1]}-${bracketed[2]}` : trimmed;
  return international.replace(/\s+/g, '-').replace(/-{2,}/g, '-');
}

function parseCoordinate(value: unknown): number | undefined {
  if (value === null || value === undefined || String(value).trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/**
 * Decodes a CSV file as UTF-8 (a BOM is dropped), or as CP949 when the bytes are not valid
 * UTF-8, because many data.go.kr downloads come in that encoding.
 */
function decodeCsv(input: string | Buffer): string {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input).replace(/^\uFEFF/, '');
  } catch {
    return iconv.decode(input, 'cp949');
  }
}

/** Columns of the data.go.kr file 15076569 (외교부_국가 지역별 재외공관 정보). */
const csvColumns = {
  country: '국가코드(ISO 2자리 코드)',
  concurrent: '겸임(관할)',
  type: '재외공관 유형',
  name: '재외공관명',
  lat: '재외공관 위도',
  lon: '재외공관 경도',
  phone: '전화번호',
  emergencyPhone: '긴급전화번호',
  address: '재외공관주소',
} as const;

function csvRows(text: string): SourceRow[] {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  const header = Object.keys((records as Record<string, string>[])[0] ?? {});
  const missing = Object.values(csvColumns).filter((column) => !header.includes(column));
  if (records.length > 0 && missing.length > 0) {
    throw new Error(
      `invalid mission CSV: missing columns ${missing.join(', ')}; got ${header.join(', ')}. Expected the data.go.kr 15076569 file`,
    );
  }

  return (records as Record<string, string>[]).map((record, index) => ({
    row: index + 2,
    nameKo: record[csvColumns.name] ?? '',
    country: (record[csvColumns.country] ?? '').toUpperCase(),
    concurrent: (record[csvColumns.concurrent] ?? '') === '겸임',
    type: record[csvColumns.type] ?? '',
    lat: parseCoordinate(record[csvColumns.lat]),
    lon: parseCoordinate(record[csvColumns.lon]),
    address: (record[csvColumns.address] ?? '').replace(/,\s*$/, ''),
    phone: record[csvColumns.phone] ?? '',
    emergencyPhone: record[csvColumns.emergencyPhone] ?? '',
  }));
}

/**
 * Returns the items of an EmbassyService2 response in either envelope: the flat one
 * (`{ resultCode: 0, data: [...] }`) or the portal gateway one
 * (`{ response: { header: { resultCode: "0" }, body: { items: { item: [...] } } } }`), where
 * `items` is "" when empty and `item` is a bare object for one row.
 */
function embassyServiceItems(json: unknown): Record<string, unknown>[] {
  const root = (json ?? {}) as Record<string, any>;
  const body = root.response?.body;
  const resultCode = String(root.response?.header?.resultCode ?? root.resultCode ?? '0');
  if (resultCode !== '0') {
    const message = root.response?.header?.resultMsg ?? root.resultMsg ?? 'no message';
    throw new Error(`EmbassyService2 returned resultCode ${resultCode} (${message}); expected "0"`);
  }

  const raw = root.data ?? body?.items?.item ?? body?.items ?? body?.data ?? [];
  if (raw === '') return [];
  return Array.isArray(raw) ? raw : [raw];
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

function embassyServiceRows(json: unknown): SourceRow[] {
  return embassyServiceItems(json).map((item, index) => ({
    row: index + 1,
    nameKo: text(item.embassy_kor_nm),
    country: text(item.country_iso_alp2).toUpperCase(),
    concurrent: text(item.embassy_manage_ty_cd_nm) === '겸임',
    type: text(item.embassy_ty_cd_nm),
    lat: parseCoordinate(item.embassy_lat),
    lon: parseCoordinate(item.embassy_lng),
    address: text(item.emblgbd_addr) || text(item.embassy_addr),
    phone: text(item.tel_no),
    emergencyPhone: text(item.urgency_tel_no),
  }));
}

/** Korean words of a mission name that may be its city: "주 오사카 대한민국 총영사관" gives 오사카. */
function cityWords(nameKo: string): string[] {
  return nameKo
    .replace(/^주\s*/, '')
    .split(/\s+/)
    .filter((word) => word.length > 0 && !nameWords.has(word));
}

interface Place {
  city: string;
  cityId: number;
  lon: number;
  lat: number;
}

/** Farthest a city named in a mission's name may lie from the mission's coordinates. */
const namedCityMaxKm = 100;

/** Returns the city named by a word of the mission name, if the gazetteer knows it there. */
function namedCity(nameKo: string, country: string, lon?: number, lat?: number): City | undefined {
  for (const word of cityWords(nameKo).reverse()) {
    const [city] = findCities(word, { country });
    if (!city) continue;

    const located = lon !== undefined && lat !== undefined;
    if (!located || distanceKm(lon, lat, city.lon, city.lat) <= namedCityMaxKm) return city;
  }
  return undefined;
}

/**
 * Finds the host city: a word of the Korean name that the gazetteer knows in the country
 * (consulates are named after their city), else the most populous city within 10 km of the
 * coordinates (embassies are named after the country), else the nearest within 100 km.
 */
function hostCity(nameKo: string, country: string, lon?: number, lat?: number): Place | undefined {
  const named = namedCity(nameKo, country, lon, lat);
  if (named) {
    return { city: named.name, cityId: named.id, lon: lon ?? named.lon, lat: lat ?? named.lat };
  }
  if (lon === undefined || lat === undefined) return undefined;

  const close = citiesNear(lon, lat, 10, { country, limit: 50 });
  const [largest] = [...close].sort((a, b) => b.population - a.population);
  const [nearest] = largest ? [largest] : citiesNear(lon, lat, 100, { country, limit: 1 });
  return nearest ? { city: nearest.name, cityId: nearest.id, lon, lat } : undefined;
}

function groupByName(rows: SourceRow[]): SourceRow[][] {
  const groups = new Map<string, SourceRow[]>();
  for (const row of rows) groups.set(row.nameKo, [...(groups.get(row.nameKo) ?? []), row]);
  return [...groups.values()];
}

/**
 * Builds one mission from all rows that carry its name. The ministry file repeats a mission
 * once per country it serves (겸임 rows), so the host country is the non-concurrent row's,
 * and every row adds its country to the jurisdiction.
 */
function buildMission(rows: SourceRow[]): Mission | string {
  const primary = rows.find((row) => !row.concurrent) ?? rows[0];
  const kind = kindsByType[primary.type];
  if (!kind) {
    const known = Object.keys(kindsByType).join(', ');
    return `unknown mission type "${primary.type}"; expected one of ${known}`;
  }

  const located = rows.find((row) => row.lat !== undefined && row.lon !== undefined) ?? primary;
  const host = primary.concurrent
    ? (countryAt(located.lon ?? NaN, located.lat ?? NaN) ?? primary.country)
    : primary.country;
  if (!isCountryCode(host)) return `invalid country code "${host}"; expected ISO 3166-1 alpha-2`;

  const place = hostCity(primary.nameKo, host, located.lon, located.lat);
  if (!place) return 'no coordinates and no known city in the name; add 위도/경도 to the row';

  const served = [host, ...rows.map((row) => row.country)].filter(isCountryCode);
  const candidate = {
    code: missionCode(host, place.city, kind),
    nameKo: primary.nameKo,
    nameEn: null,
    kind,
    country: host,
    city: place.city,
    cityId: place.cityId,
    lat: place.lat,
    lon: place.lon,
    address: primary.address || null,
    phone: normalizePhone(primary.phone),
    emergencyPhone: normalizePhone(primary.emergencyPhone),
    jurisdiction: [...new Set(served)].map((country) => ({ country })),
  };

  const parsed = missionSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  return parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}

function buildMissions(rows: SourceRow[]): MissionImport {
  const missions: Mission[] = [];
  const skipped: SkippedRow[] = [];
  const codes = new Set<string>();

  for (const group of groupByName(rows.filter((row) => row.nameKo !== ''))) {
    const result = buildMission(group);
    const first = group[0];
    if (typeof result === 'string') {
      skipped.push({ row: first.row, name: first.nameKo, reason: result });
    } else if (codes.has(result.code)) {
      skipped.push({ row: first.row, name: first.nameKo, reason: `duplicate code ${result.code}` });
    } else {
      codes.add(result.code);
      missions.push(result);
    }
  }
  return { missions, skipped };
}

/**
 * Imports the ministry's mission file (data.go.kr 15076569, CSV in UTF-8 or CP949) into the
 * bundled directory's shape. English names are not in the file, so nameEn is null, and regions
 * are not either, so each jurisdiction lists countries only.
 */
export function importMissionCsv(input: string | Buffer): MissionImport {
  return buildMissions(csvRows(decodeCsv(input)));
}

/**
 * Imports a response of EmbassyService2/getEmbassyList2 (data.go.kr 15075354) in either
 * envelope into the bundled directory's shape. Throws when the response reports an error.
 */
export function importEmbassyServiceJson(json: unknown): MissionImport {
  return buildMissions(embassyServiceRows(json));
}
