import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  countryAdvisory,
  importAdvisoryDocument,
  MofaDataError,
  parseMofaDocument,
} from '../../src/advisories/index.js';
import { forEachDialect } from '../support/db.js';
import { runCli } from '../support/process.js';

// Small answers in the ministry's formats; the advisory values in them are made up for tests.
const fixture = (name: string) =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, 'fixtures', name), 'utf8')) as unknown;

const sharedMofa = resolve(
  process.env.ABROAD_FIXTURES_DIR ??
    resolve(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures'),
  'mofa',
);
const haveShared = existsSync(sharedMofa);

describe('ministry data parser', () => {
  it('reads the flat envelope and skips rows without a country', () => {
    const parsed = parseMofaDocument(fixture('travel-alarm-flat.json'));
    expect(parsed.kind).toBe('levels');
    expect(parsed.rows).toHaveLength(3);
    expect(parsed.skipped).toBe(1);
    expect(parsed.rows[1]).toEqual({
      country: 'TH',
      level: 3,
      regionScope: '일부',
      remark: '예시 국경 지역 · 남부 3개 주',
      writtenDate: '2026-03-02',
    });
    expect(parsed.rows[2]).toMatchObject({
      country: 'XK',
      level: 2,
      remark: '',
      writtenDate: null,
    });
  });

  it('reads the gateway envelope with a single item', () => {
    const parsed = parseMofaDocument(fixture('travel-alarm-gateway-one.json'));
    expect(parsed.rows).toEqual([
      { country: 'PH', level: 2, regionScope: '전지역', remark: '', writtenDate: '2026-02-10' },
    ]);
  });

  it('rejects an empty answer instead of clearing data', () => {
    expect(() => parseMofaDocument(fixture('travel-alarm-gateway-empty.json'))).toThrow(/no items/);
  });

  it('reports result and gateway errors with their codes', () => {
    expect(() => parseMofaDocument(fixture('result-error.json'))).toThrow(/result code -4/);
    expect(() => parseMofaDocument(fixture('gateway-error.json'))).toThrow(MofaDataError);
    expect(() => parseMofaDocument(fixture('gateway-error.json'))).toThrow(/code 30/);
  });

  it('reads special advisories and notices with decoded entities', () => {
    const special = parseMofaDocument(fixture('special-warning.json'));
    expect(special.kind).toBe('special');
    const notices = parseMofaDocument(fixture('safety-notices.json'));
    expect(notices.kind).toBe('notices');
    expect(notices.rows[0]).toMatchObject({
      title: "송끄란 축제 기간 '안전' 유의",
      body: '축제 기간에는 "소매치기"에 유의하십시오.',
    });
  });

  describe.skipIf(!haveShared)('legacy items from the shared samples', () => {
    const legacy = () =>
      JSON.parse(
        readFileSync(resolve(sharedMofa, 'legacy-xml-era_items_2011-2020_excerpts.json'), 'utf8'),
      );

    it('maps a partial 철수권고 warning to level 3 in Colombia', () => {
      const parsed = parseMofaDocument({
        data: [legacy().TravelWarningService_getTravelWarningList_item],
      });
      expect(parsed.rows).toEqual([
        expect.objectContaining({
          country: 'CO',
          level: 3,
          regionScope: '일부',
          writtenDate: '2011-09-19',
        }),
      ]);
    });

    it('maps the legacy special advisory of Ghana', () => {
      const parsed = parseMofaDocument({ data: [legacy().SptravelWarningService_item] });
      expect(parsed.kind).toBe('special');
      expect(parsed.rows[0]).toMatchObject({ country: 'GH', writtenDate: '2014-08-04' });
    });
  });
});

forEachDialect('advisory store', (get) => {
  it('starts from the bundled snapshot, marked incomplete', async () => {
    const japan = await countryAdvisory(get().ctx, 'JP');
    expect(japan.levels.known).toBe(true);
    expect(japan.levels.asOf).toBe('2026-01-31');
    expect(japan.highestLevel).toBe(3);
    const thailand = await countryAdvisory(get().ctx, 'TH');
    expect(thailand.levels.known).toBe(false);
  });

  it('replaces only the countries an import covers', async () => {
    await importAdvisoryDocument(get().ctx, fixture('travel-alarm-flat.json'), {
      asOf: '2026-03-03',
      origin: 'test',
    });
    const thailand = await countryAdvisory(get().ctx, 'TH');
    expect(thailand.levels).toMatchObject({ known: true, asOf: '2026-03-03' });
    expect(thailand.levels.rows.map((row) => row.level)).toEqual([3, 1]);
    expect(thailand.special.known).toBe(false);
    expect((await countryAdvisory(get().ctx, 'JP')).levels.asOf).toBe('2026-01-31');
  });

  it('says none only after a complete import', async () => {
    expect((await countryAdvisory(get().ctx, 'FR')).levels.known).toBe(false);
    await importAdvisoryDocument(get().ctx, fixture('travel-alarm-gateway-one.json'), {
      asOf: '2026-03-04',
      complete: true,
      origin: 'test',
    });
    const france = await countryAdvisory(get().ctx, 'FR');
    expect(france.levels).toEqual({ known: true, asOf: '2026-03-04', rows: [] });
    expect((await countryAdvisory(get().ctx, 'TH')).levels.rows).toHaveLength(0);
  });

  it('keeps notices by id and returns the newest first', async () => {
    await importAdvisoryDocument(get().ctx, fixture('safety-notices.json'), {
      asOf: '2026-05-21',
      origin: 'test',
    });
    await importAdvisoryDocument(get().ctx, fixture('safety-notices.json'), {
      asOf: '2026-05-22',
      origin: 'test',
    });
    const notices = (await countryAdvisory(get().ctx, 'TH')).notices;
    expect(notices.rows.map((row) => row.id)).toEqual(['ATC0000000090002', 'ATC0000000090001']);
    expect(notices.asOf).toBe('2026-05-22');
  });

  it('imports files from the command line', async () => {
    const file = resolve(import.meta.dirname, 'fixtures', 'special-warning.json');
    const result = await runCli(['advisories', 'import', '--as-of', '2026-03-06', file], get().env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('1 special row(s) for 1 countries as of 2026-03-06');
    const shown = await runCli(['advisories', 'show', 'TH'], get().env);
    expect(JSON.parse(shown.stdout).special.rows[0].remark).toBe('예시 국경 지역 50km 이내');
  });
});
