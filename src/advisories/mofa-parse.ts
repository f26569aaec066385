import { alpha3ToAlpha2, isCountryCode } from '../geo/index.js';

/**
 * Parsers for the ministry's public data API answers (data.go.kr provider 1262000): travel
 * advisory levels (TravelAlarmService2, TravelAlarmService0404, legacy TravelWarningService and
 * V3), special advisories (SptravelWarningService2 and its legacy form) and safety notices
 * (CountrySafetyService6). Both envelopes seen in the wild are accepted: the flat
 * `{data: [...], resultCode: 0}` and the gateway `{response: {header, body: {items: {item}}}}`,
 * where `items` may be "" and `item` a single object.
 */

export interface AdvisoryLevelRow {
  country: string;
  /** 1 to 4; null on rows that carry only a special advisory. */
  level: number | null;
  /** `region_ty` as published: 전체, 전지역, 일부, 그 외, ... */
  regionScope: string;
  remark: string;
  writtenDate: string | null;
}

export interface SpecialAdvisoryRow {
  country: string;
  regionScope: string;
  remark: string;
  writtenDate: string | null;
}

export interface SafetyNoticeRow {
  id: string;
  country: string;
  title: string;
  body: string;
  category: string | null;
  writtenDate: string | null;
}

export type MofaDocument =
  | { kind: 'levels'; rows: AdvisoryLevelRow[]; skipped: number }
  | { kind: 'special'; rows: SpecialAdvisoryRow[]; skipped: number }
  | { kind: 'notices'; rows: SafetyNoticeRow[]; skipped: number };

export class MofaDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MofaDataError';
  }
}

type Item = Record<string, unknown>;

/** Extracts the items of either envelope, after checking the result code. */
export function mofaItems(json: unknown): Item[] {
  const root = (json ?? {}) as Record<string, any>;
  const gatewayError = root.cmmMsgHeader ?? root.OpenAPI_ServiceResponse?.cmmMsgHeader;
  if (gatewayError) {
    throw new MofaDataError(
      `the data portal rejected the call: ${gatewayError.returnAuthMsg ?? gatewayError.errMsg ?? 'error'} (code ${gatewayError.returnReasonCode ?? '?'})`,
    );
  }
  const code = String(root.response?.header?.resultCode ?? root.resultCode ?? '0');
  if (code !== '0' && code !== '00') {
    const message = root.response?.header?.resultMsg ?? root.resultMsg ?? '';
    throw new MofaDataError(`the service answered result code ${code} (${message}); expected 0`);
  }
  const body = root.response?.body;
  const raw = root.data ?? body?.items?.item ?? body?.items ?? body?.data ?? root.items ?? [];
  if (raw === '' || raw === null) return [];
  return (Array.isArray(raw) ? raw : [raw]).filter((item) => item && typeof item === 'object');
}

/** Parses one answer of any of the services above; the kind is read from the item fields. */
export function parseMofaDocument(json: unknown): MofaDocument {
  const items = mofaItems(json);
  const sample = items[0] ?? {};
  if ('sfty_notice_id' in sample) return collect('notices', items, noticeRow);
  if ('evacuate_rcmnd_remark' in sample || 'splimit' in sample || 'evacuate_region_ty' in sample) {
    return collect('special', items, specialRow);
  }
  if ('alarm_lvl' in sample) return collect('levels', items, (item) => [levelRow(item)]);
  if (legacyLevelFields.some((field) => field in sample)) {
    return collect('levels', items, legacyLevelRows);
  }
  if (items.length === 0) throw new MofaDataError('the document holds no items; nothing to import');
  throw new MofaDataError(
    `unknown item fields ${Object.keys(sample).slice(0, 8).join(', ')}; expected a travel advisory, special advisory or safety notice answer`,
  );
}

function collect<K extends MofaDocument['kind'], R>(
  kind: K,
  items: Item[],
  toRows: (item: Item) => Array<R | undefined> | R | undefined,
) {
  const rows: R[] = [];
  let skipped = 0;
  for (const item of items) {
    const produced = toRows(item);
    const list = Array.isArray(produced) ? produced : [produced];
    const valid = list.filter((row): row is R => row !== undefined);
    if (valid.length === 0) skipped += 1;
    rows.push(...valid);
  }
  return { kind, rows, skipped } as unknown as Extract<MofaDocument, { kind: K }>;
}

function countryOf(item: Item): string | undefined {
  const alpha2 = text(item.country_iso_alp2).toUpperCase();
  if (isCountryCode(alpha2)) return alpha2;
  const alpha3 = text(item.isoCode ?? item.iso_code);
  return alpha3 ? alpha3ToAlpha2(alpha3) : undefined;
}

function levelRow(item: Item): AdvisoryLevelRow | undefined {
  const country = countryOf(item);
  if (!country) return undefined;
  const level = Number(text(item.alarm_lvl));
  return {
    country,
    level: level >= 1 && level <= 4 ? level : null,
    regionScope: text(item.region_ty) || '전체',
    remark: decodeEntities(text(item.remark)),
    writtenDate: dateOf(item.written_dt),
  };
}

const legacyLevelFields = [
  'attention',
  'attentionPartial',
  'control',
  'controlPartial',
  'limita',
  'limitaPartial',
  'attention_partial',
  'limita_partial',
  'ban_yna',
];

/** Legacy warning items carry one field triple per level: whole country, partial, note. */
function legacyLevelRows(item: Item): AdvisoryLevelRow[] {
  const country = countryOf(item);
  if (!country) return [];
  const groups: Array<[number, string, string, string]> = [
    [1, 'attention', 'attentionPartial', 'attentionNote'],
    [2, 'control', 'controlPartial', 'controlNote'],
    [3, 'limita', 'limitaPartial', 'limitaNote'],
    [4, 'ban', 'banPartial', 'banNote'],
    [1, 'attention', 'attention_partial', 'attention_note'],
    [2, 'control', 'control_partial', 'control_note'],
    [3, 'limita', 'limita_partial', 'limita_note'],
    [4, 'ban_yna', 'ban_yn_partial', 'ban_note'],
  ];
  const rows: AdvisoryLevelRow[] = [];
  const seen = new Set<string>();
  for (const [level, whole, partial, note] of groups) {
    const scope = text(item[whole]) ? '전체' : text(item[partial]) ? '일부' : '';
    if (!scope || seen.has(`${level}:${scope}`)) continue;
    seen.add(`${level}:${scope}`);
    rows.push({
      country,
      level,
      regionScope: scope,
      remark: decodeEntities(text(item[note])),
      writtenDate: dateOf(item.wrtDt ?? item.wrt_dt),
    });
  }
  return rows;
}

function specialRow(item: Item): SpecialAdvisoryRow | undefined {
  const country = countryOf(item);
  if (!country) return undefined;
  const remark = text(item.evacuate_rcmnd_remark ?? item.splimitNote ?? item.remark);
  const scope =
    text(item.evacuate_region_ty ?? item.region_ty) ||
    (text(item.splimitPartial) ? '일부' : '전체');
  return {
    country,
    regionScope: scope,
    remark: decodeEntities(remark),
    writtenDate: dateOf(item.written_dt ?? item.wrtDt),
  };
}

function noticeRow(item: Item): SafetyNoticeRow | undefined {
  const country = countryOf(item);
  const id = text(item.sfty_notice_id).trim();
  if (!country || !id) return undefined;
  return {
    id,
    country,
    title: decodeEntities(text(item.title)),
    body: decodeEntities(text(item.txt_origin_cn)),
    category: text(item.ctgy_nm) || null,
    writtenDate: dateOf(item.wrt_dt ?? item.written_dt),
  };
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).trim();
}

function dateOf(value: unknown): string | null {
  const match = /^(\d{4})[-.]?(\d{2})[-.]?(\d{2})/.exec(text(value));
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

const namedEntities: Record<string, string> = {
  nbsp: ' ',
  middot: '·',
  quot: '"',
  amp: '&',
  lt: '<',
  gt: '>',
  apos: "'",
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  hellip: '…',
};

/** Decodes the HTML entities the ministry's text fields carry (&nbsp;, &middot;, &#39;). */
export function decodeEntities(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_match, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_match, code: string) =>
      String.fromCodePoint(parseInt(code, 16)),
    )
    .replace(/&([a-z]+);/gi, (match, name: string) => namedEntities[name.toLowerCase()] ?? match)
    .trim();
}
