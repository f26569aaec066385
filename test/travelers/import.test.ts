import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ImportRejected, importColumns, importTravelersCsv } from '../../src/travelers/index.js';
import { countRows, forEachDialect } from '../support/db.js';
import { runCli } from '../support/process.js';

const operator = { kind: 'system' as const, id: 'test' };
const header = importColumns.join(',');
const cities = [
  ['JP', 'Tokyo'],
  ['JP', '오사카'],
  ['TH', '방콕'],
  ['VN', '다낭'],
  ['PH', 'Cebu City'],
  ['US', 'New York City'],
];

/** Builds a register of n rows on real cities, with Korean mobile numbers in order. */
export function registerCsv(n: number, edit?: (row: string[], i: number) => void): string {
  const lines = [header];
  for (let i = 0; i < n; i += 1) {
    const [country, city] = cities[i % cities.length];
    const phone = `+82105${String(i).padStart(7, '0')}`;
    const row = [
      `R${i}`,
      `Traveler ${i}`,
      phone,
      '',
      'ko',
      country,
      city,
      '',
      '',
      '2026-12-01',
      '2026-12-31',
      'yes',
    ];
    edit?.(row, i);
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

forEachDialect('traveler import', (get) => {
  it('rejects a file with one bad row among 1,000 and imports nothing', async () => {
    const csv = registerCsv(1000, (row, i) => {
      if (i === 736) row[9] = '2026-12-40';
    });
    let rejected: ImportRejected | undefined;
    try {
      await importTravelersCsv(get().ctx, csv, operator);
    } catch (error) {
      rejected = error as ImportRejected;
    }
    expect(rejected).toBeInstanceOf(ImportRejected);
    expect(rejected!.rowErrors).toHaveLength(1);
    expect(rejected!.rowErrors[0].line).toBe(738);
    expect(rejected!.rowErrors[0].reasons[0]).toContain('2026-12-40');
    expect(await countRows(get().ctx, 'travelers')).toBe(0);
    expect(await countRows(get().ctx, 'stays')).toBe(0);
  });

  it('imports rows, then updates them on a second import', async () => {
    const first = await importTravelersCsv(get().ctx, registerCsv(30), operator);
    expect(first.travelersCreated).toBe(30);
    expect(first.staysCreated).toBe(30);

    const changed = registerCsv(30, (row) => (row[10] = '2027-01-15'));
    const second = await importTravelersCsv(get().ctx, changed, operator);
    expect(second.travelersCreated).toBe(0);
    expect(second.travelersUpdated).toBe(30);
    expect(second.staysUpdated).toBe(30);
    expect(await countRows(get().ctx, 'travelers')).toBe(30);
    expect(await countRows(get().ctx, 'stays')).toBe(30);
  });

  it('lists every bad row with its line and reason', async () => {
    const csv = registerCsv(5, (row, i) => {
      if (i === 1) row[2] = '010-1234';
      if (i === 3) row[11] = 'no';
      if (i === 4) row[6] = 'Atlantis';
    });
    await expect(importTravelersCsv(get().ctx, csv, operator)).rejects.toMatchObject({
      rowErrors: [
        { line: 3, reasons: [expect.stringContaining('E.164')] },
        { line: 5, reasons: [expect.stringContaining('consent')] },
        { line: 6, reasons: [expect.stringContaining('Atlantis')] },
      ],
    });
  });

  it('reads a CP949 file as Korean Excel writes it', async () => {
    const iconv = (await import('iconv-lite')).default;
    const csv = registerCsv(1, (row) => {
      row[0] = 'KO949';
      row[1] = '김철수';
      row[6] = '방콕';
      row[5] = 'TH';
    });
    const result = await importTravelersCsv(get().ctx, iconv.encode(csv, 'cp949'), operator);
    expect(result.encoding).toBe('cp949');
    const row = await get()
      .ctx.db.selectFrom('travelers')
      .select('name')
      .where('ref', '=', 'KO949')
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('김철수');
  });

  it('lists short rows with the other bad rows and skips blank rows', async () => {
    const lines = registerCsv(4).trimEnd().split('\n');
    lines[2] = 'R1,Short row,+821050000001';
    lines[3] = lines[3].replace('2026-12-31', '2026-12-99');
    lines.push(',,,,,,,,,,,', ',,,,,,,,,,,');
    const rejected = await importTravelersCsv(get().ctx, lines.join('\r\n'), operator).catch(
      (error: ImportRejected) => error,
    );
    expect(rejected).toBeInstanceOf(ImportRejected);
    const errors = (rejected as ImportRejected).rowErrors;
    expect(errors.map((error) => error.line)).toEqual([3, 4]);
    expect(errors[0].reasons[0]).toContain('expected 12 columns');
    expect(errors[1].reasons[0]).toContain('end_date=');
  });

  it('rejects rows of one ref with different details', async () => {
    const csv = registerCsv(2, (row, i) => {
      row[0] = 'SAME';
      row[9] = i === 0 ? '2026-12-01' : '2026-12-05';
      row[5] = i === 0 ? 'JP' : 'TH';
      row[6] = i === 0 ? 'Tokyo' : 'Bangkok';
    });
    const rejected = await importTravelersCsv(get().ctx, csv, operator).catch(
      (error: ImportRejected) => error,
    );
    expect((rejected as ImportRejected).rowErrors[0]).toMatchObject({
      line: 3,
      reasons: [expect.stringContaining('differ from line 2')],
    });
  });

  it('rejects a header with a missing column', async () => {
    await expect(
      importTravelersCsv(get().ctx, 'ref,name\nR1,Kim\n', operator),
    ).rejects.toMatchObject({
      rowErrors: [
        {
          line: 1,
          reasons: expect.arrayContaining([expect.stringContaining('missing column(s)')]),
        },
      ],
    });
  });

  it('imports from the command line and exports without contacts', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'abroad-csv-'));
    const file = join(folder, 'register.csv');
    writeFileSync(
      file,
      registerCsv(3, (row, i) => (row[0] = `CLI${i}`)),
    );
    const imported = await runCli(['travelers', 'import', file], get().env);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('imported 3 row(s)');

    const exported = await runCli(['travelers', 'export', '--json'], get().env);
    const travelers = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const cli = travelers.filter((traveler) => traveler.ref?.startsWith('CLI'));
    expect(cli).toHaveLength(3);
    expect(cli[0].phone).not.toMatch(/^\+82105\d{7}$/);
    expect(cli[0].stays[0].country).toBe('JP');

    const withContacts = await runCli(
      ['travelers', 'export', '--json', '--include-contacts'],
      get().env,
    );
    expect(withContacts.stdout).toContain('+821050000000');
  });

  it('reports bad rows on stderr with file and line', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'abroad-csv-'));
    const file = join(folder, 'bad.csv');
    writeFileSync(
      file,
      registerCsv(2, (row, i) => i === 1 && (row[5] = 'ZZ')),
    );
    const result = await runCli(['travelers', 'import', file], get().env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:3: country="ZZ"`);
  });
});
