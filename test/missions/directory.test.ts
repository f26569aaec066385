import { describe, expect, it } from 'vitest';
import { adminRegionNames, findCities, isCountryCode } from '../../src/geo/index.js';
import {
  consularCallCenterPhone,
  emergencyPhoneOf,
  listMissions,
  missionByCode,
  missionCode,
  resolveMission,
} from '../../src/missions/index.js';

function requireMission(code: string) {
  const mission = missionByCode(code);
  if (!mission) throw new Error(`mission ${code} not in the bundled directory`);
  return mission;
}

function resolveCity(query: string, country: string) {
  const [city] = findCities(query, { country });
  if (!city) throw new Error(`test city ${query} in ${country} not found`);
  return resolveMission(country, city.lon, city.lat)?.code;
}

describe('resolveMission', () => {
  it('gives the Osaka consulate for Osaka', () => {
    expect(resolveCity('오사카', 'JP')).toBe('JP-OSAKA-CG');
  });

  it('gives the embassy in Tokyo for Tokyo', () => {
    expect(resolveCity('도쿄', 'JP')).toBe('JP-TOKYO-EMB');
  });

  it('follows consulate regions in Japan', () => {
    expect(resolveCity('교토', 'JP')).toBe('JP-OSAKA-CG');
    expect(resolveCity('오키나와', 'JP')).toBe('JP-FUKUOKA-CG');
    expect(resolveCity('삿포로', 'JP')).toBe('JP-SAPPORO-CG');
    expect(resolveCity('가와사키', 'JP')).toBe('JP-YOKOHAMA-CG');
  });

  it('sends an unlisted prefecture to the embassy', () => {
    // Fukui is listed by no consulate in the bundled directory.
    expect(resolveMission('JP', 136.22, 36.06)?.code).toBe('JP-TOKYO-EMB');
  });

  it('picks the nearest mission where regions are not listed', () => {
    expect(resolveCity('다낭', 'VN')).toBe('VN-DANANG-CG');
    expect(resolveCity('호치민', 'VN')).toBe('VN-HOCHIMINH-CG');
    expect(resolveCity('하노이', 'VN')).toBe('VN-HANOI-EMB');
    expect(resolveCity('세부', 'PH')).toBe('PH-CEBU-CON');
    expect(resolveCity('뉴욕', 'US')).toBe('US-NEWYORK-CG');
  });

  it('picks the nearer of two missions listing a region', () => {
    expect(resolveCity('다롄', 'CN')).toBe('CN-DALIAN-CON');
    expect(resolveCity('선양', 'CN')).toBe('CN-SHENYANG-CG');
  });

  it('covers territories from a neighbouring mission', () => {
    expect(resolveCity('마카오', 'MO')).toBe('HK-HONGKONG-CG');
    expect(resolveCity('괌', 'GU')).toBe('GU-HAGATNA-CON');
    expect(resolveCity('사이판', 'MP')).toBe('GU-HAGATNA-CON');
  });

  it('returns undefined where no mission serves', () => {
    expect(resolveMission('PF', -149.5665, -17.53733)).toBeUndefined();
  });
});

describe('missionByCode', () => {
  it('finds a mission by code in any case', () => {
    expect(missionByCode('jp-osaka-cg')?.nameKo).toBe('주 오사카 대한민국 총영사관');
  });

  it('returns undefined for an unknown code', () => {
    expect(missionByCode('XX-NOWHERE-EMB')).toBeUndefined();
  });
});

describe('emergencyPhoneOf', () => {
  it('falls back to the consular call centre', () => {
    expect(emergencyPhoneOf(requireMission('JP-TOKYO-EMB'))).toBe(consularCallCenterPhone);
  });

  it('returns the published emergency number', () => {
    expect(emergencyPhoneOf(requireMission('GH-ACCRA-EMB'))).toBe('+233-244-321-858');
  });
});

describe('bundled mission directory', () => {
  const missions = listMissions();

  it('has an embassy in at least 100 countries', () => {
    const countries = new Set(missions.filter((m) => m.kind === 'embassy').map((m) => m.country));

    expect(countries.size).toBeGreaterThanOrEqual(100);
  });

  it('builds every code from country, city and kind', () => {
    const mismatched = missions.filter(
      (m) => m.city === null || missionCode(m.country, m.city, m.kind) !== m.code,
    );

    expect(mismatched.map((m) => m.code)).toEqual([]);
  });

  it('lists each code once', () => {
    const codes = missions.map((m) => m.code);

    expect(new Set(codes).size).toBe(codes.length);
  });

  it('lists its host country first in every jurisdiction', () => {
    const wrong = missions.filter((m) => m.jurisdiction[0].country !== m.country);

    expect(wrong.map((m) => m.code)).toEqual([]);
  });

  it('uses only known country codes', () => {
    const unknown = missions.flatMap((m) =>
      m.jurisdiction.map((j) => j.country).filter((code) => !isCountryCode(code)),
    );

    expect(unknown).toEqual([]);
  });

  it('uses only region names the geo domain knows', () => {
    const unknown = missions.flatMap((m) =>
      m.jurisdiction.flatMap((j) =>
        (j.regions ?? []).filter((region) => !adminRegionNames(j.country).includes(region)),
      ),
    );

    expect(unknown).toEqual([]);
  });

  it('assigns each region to one mission, Liaoning aside', () => {
    const owners = new Map<string, string[]>();
    for (const mission of missions) {
      for (const entry of mission.jurisdiction) {
        for (const region of entry.regions ?? []) {
          const key = `${entry.country}/${region}`;
          owners.set(key, [...(owners.get(key) ?? []), mission.code]);
        }
      }
    }
    const shared = [...owners].filter(([, codes]) => codes.length > 1).map(([key]) => key);

    expect(shared).toEqual(['CN/Liaoning']);
  });

  it('resolves each mission location to a local mission', () => {
    const elsewhere = missions.filter(
      (m) => resolveMission(m.country, m.lon, m.lat)?.country !== m.country,
    );

    expect(elsewhere.map((m) => m.code)).toEqual([]);
  });
});
