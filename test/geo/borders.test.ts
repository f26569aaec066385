import { describe, expect, it } from 'vitest';
import { cityById, distanceKm, placeIsInCountry } from '../../src/geo/index.js';

describe('placeIsInCountry', () => {
  it('rejects Tokyo coordinates for KR', () => {
    expect(placeIsInCountry(139.69171, 35.6895, 'KR')).toBe(false);
  });

  it('accepts Tokyo coordinates for JP', () => {
    expect(placeIsInCountry(139.69171, 35.6895, 'jp')).toBe(true);
  });

  it('accepts territories by their own code', () => {
    expect(placeIsInCountry(113.54611, 22.20056, 'MO')).toBe(true);
    expect(placeIsInCountry(145.7545, 15.21233, 'MP')).toBe(true);
    expect(placeIsInCountry(-149.5665, -17.53733, 'PF')).toBe(true);
  });

  it('accepts a point within 25 km of the border', () => {
    // Shenzhen, about 3 km north of the Hong Kong boundary.
    expect(placeIsInCountry(114.06, 22.545, 'HK')).toBe(true);
  });

  it('rejects a point far from the country', () => {
    expect(placeIsInCountry(126.97, 37.56, 'JP')).toBe(false);
    expect(placeIsInCountry(-100, 40, 'CA')).toBe(false);
  });

  it('accepts every Korean-named destination in its own country', () => {
    const destinations = [1850147, 1583992, 1717512, 4038659, 7828758, 1819729, 4033936];
    const rejected = destinations.filter((id) => {
      const city = cityById(id);
      return !city || !placeIsInCountry(city.lon, city.lat, city.country);
    });

    expect(rejected).toEqual([]);
  });
});

describe('distanceKm', () => {
  it('measures Seoul to Tokyo', () => {
    const seoulToTokyo = distanceKm(126.9784, 37.566, 139.69171, 35.6895);

    expect(seoulToTokyo).toBeGreaterThan(1145);
    expect(seoulToTokyo).toBeLessThan(1160);
  });

  it('crosses the antimeridian the short way', () => {
    expect(distanceKm(179.9, 0, -179.9, 0)).toBeLessThan(25);
  });
});
