import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importEmbassyServiceJson, importMissionCsv } from '../../src/missions/index.js';
import { normalizePhone } from '../../src/missions/import.js';

// Own samples in the published column layout; phone numbers ending in 0000-000N are made up.
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const readFixture = (name: string) => readFileSync(path.join(fixtures, name));
const readJson = (name: string) => JSON.parse(readFixture(name).toString('utf8'));

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const sharedFixtures =
  process.env.ABROAD_FIXTURES_DIR ?? path.resolve(repositoryRoot, '../shared/fixtures');
const ministrySampleRow = path.join(
  sharedFixtures,
  'mofa/embassy-file-15076569_example-row_GH.csv',
);

describe('importMissionCsv', () => {
  it.skipIf(!existsSync(ministrySampleRow))('reads the ministry sample row', () => {
    const { missions, skipped } = importMissionCsv(readFileSync(ministrySampleRow));

    expect(skipped).toEqual([]);
    expect(missions).toHaveLength(1);
    expect(missions[0]).toEqual({
      code: 'GH-ACCRA-EMB',
      nameKo: '주 가나 대한민국 대사관',
      nameEn: null,
      kind: 'embassy',
      country: 'GH',
      city: 'Accra',
      cityId: 2306104,
      lat: 5.575495,
      lon: -0.185161,
      address: 'No.10, Fifth Avenue Extension, Cantonments, P.O.Box GP 13700, Accra, Ghana',
      phone: '+233-302-771-705',
      emergencyPhone: '+233-244-321-858',
      jurisdiction: [{ country: 'GH' }],
    });
  });

  it('names the consulate after the city in its name', () => {
    const { missions } = importMissionCsv(readFixture('missions-15076569-sample.csv'));
    const osaka = missions.find((mission) => mission.code === 'JP-OSAKA-CG');

    expect(osaka?.kind).toBe('consulate-general');
    expect(osaka?.city).toBe('Osaka');
    expect(osaka?.phone).toBe('+81-6-4256-2345');
    expect(osaka?.emergencyPhone).toBe('+81-90-0000-0001');
  });

  it('merges concurrent rows into one jurisdiction', () => {
    const { missions } = importMissionCsv(readFixture('missions-15076569-sample.csv'));
    const rome = missions.find((mission) => mission.code === 'IT-ROME-EMB');

    expect(rome?.country).toBe('IT');
    expect(rome?.jurisdiction).toEqual([{ country: 'IT' }, { country: 'SM' }]);
    expect(missions.filter((mission) => mission.nameKo.includes('이탈리아'))).toHaveLength(1);
  });

  it('places a row without coordinates at its city', () => {
    const { missions } = importMissionCsv(readFixture('missions-15076569-sample.csv'));
    const cebu = missions.find((mission) => mission.code === 'PH-CEBU-CON');

    expect(cebu?.kind).toBe('consulate');
    expect(cebu?.lat).toBeCloseTo(10.32, 1);
    expect(cebu?.lon).toBeCloseTo(123.89, 1);
  });

  it('skips rows it cannot place or type', () => {
    const { skipped } = importMissionCsv(readFixture('missions-15076569-sample.csv'));

    expect(skipped.map((row) => row.row)).toEqual([6, 7]);
    expect(skipped[0].reason).toMatch(/invalid country code "ZZ"/);
    expect(skipped[1].reason).toMatch(/unknown mission type "연락사무소"/);
  });

  it('reads the file in CP949 as well', () => {
    const utf8 = importMissionCsv(readFixture('missions-15076569-sample.csv'));
    const cp949 = importMissionCsv(readFixture('missions-15076569-sample.cp949.csv'));

    expect(cp949).toEqual(utf8);
  });

  it('rejects a file with other columns', () => {
    expect(() => importMissionCsv('name,lat\nx,1\n')).toThrow(/missing columns 국가코드/);
  });
});

describe('importEmbassyServiceJson', () => {
  it('reads the flat envelope', () => {
    const { missions, skipped } = importEmbassyServiceJson(readJson('embassy-service2-flat.json'));

    expect(skipped).toEqual([]);
    expect(missions.map((mission) => mission.code)).toEqual(['JP-TOKYO-EMB', 'JP-OSAKA-CG']);
    expect(missions[0].address).toBe('1-2-5 Minami-Azabu, Minato-ku, Tokyo');
    expect(missions[0].emergencyPhone).toBe('+81-90-0000-0002');
    expect(missions[1].address).toBe('2-3-4 Nishi-Shinsaibashi, Chuo-ku, Osaka');
    expect(missions[1].phone).toBe('+81-6-4256-2345');
    expect(missions[1].emergencyPhone).toBeNull();
  });

  it('reads the gateway envelope with one bare item', () => {
    const { missions } = importEmbassyServiceJson(
      readJson('embassy-service2-gateway-one-item.json'),
    );

    expect(missions).toHaveLength(1);
    expect(missions[0].code).toBe('GH-ACCRA-EMB');
    expect(missions[0].lat).toBeCloseTo(5.5755, 4);
  });

  it('reads an empty gateway response', () => {
    const result = importEmbassyServiceJson(readJson('embassy-service2-gateway-empty.json'));

    expect(result).toEqual({ missions: [], skipped: [] });
  });

  it('ignores a city name that lies far from the coordinates', () => {
    const portlandMaine = {
      embassy_kor_nm: '주 포틀랜드 대한민국 출장소',
      embassy_ty_cd_nm: '출장소',
      country_iso_alp2: 'US',
      embassy_lat: '43.6591',
      embassy_lng: '-70.2568',
    };
    const { missions } = importEmbassyServiceJson({ resultCode: 0, data: [portlandMaine] });

    expect(missions[0].city).toBe('Portland');
    expect(missions[0].cityId).not.toBe(5746545);
    expect(missions[0].lon).toBeCloseTo(-70.26, 2);
  });

  it('throws on an error result code', () => {
    expect(() => importEmbassyServiceJson(readJson('embassy-service2-error.json'))).toThrow(
      /resultCode -4/,
    );
  });
});

describe('normalizePhone', () => {
  it('turns the bracketed country code into +CC', () => {
    expect(normalizePhone('(233)302-771-705')).toBe('+233-302-771-705');
    expect(normalizePhone('(82)2-3210-0404')).toBe('+82-2-3210-0404');
  });

  it('keeps international numbers and joins spaces with hyphens', () => {
    expect(normalizePhone('+1-646-674-6000')).toBe('+1-646-674-6000');
    expect(normalizePhone('+81 6 4256 2345')).toBe('+81-6-4256-2345');
  });

  it('returns null for an empty value', () => {
    expect(normalizePhone('  ')).toBeNull();
  });
});
