import { describe, expect, it } from 'vitest';
import {
  adminRegionAt,
  citiesForBenchmark,
  distanceKm,
  placesForBenchmark,
} from '../../src/geo/index.js';

describe('citiesForBenchmark', () => {
  it('repeats the same draw for the same seed', () => {
    const first = citiesForBenchmark(50, 7).map((city) => city.id);
    const second = citiesForBenchmark(50, 7).map((city) => city.id);

    expect(second).toEqual(first);
  });

  it('weights the draw towards Japan and Vietnam', () => {
    const cities = citiesForBenchmark(20_000, 1);
    const share = (country: string) =>
      cities.filter((city) => city.country === country).length / cities.length;

    expect(share('JP')).toBeGreaterThan(0.25);
    expect(share('JP')).toBeLessThan(0.35);
    expect(share('VN')).toBeGreaterThan(0.1);
    expect(share('FR')).toBeLessThan(0.03);
  });

  it('draws real cities with time zones', () => {
    const [city] = citiesForBenchmark(1, 3);

    expect(city.population).toBeGreaterThan(0);
    expect(city.timeZone).toMatch(/\//);
  });
});

describe('placesForBenchmark', () => {
  it('keeps each place within the spread of its city', () => {
    const places = placesForBenchmark(2_000, 5, 5);
    const farthest = Math.max(
      ...places.map((place) => distanceKm(place.lon, place.lat, place.city.lon, place.city.lat)),
    );

    expect(farthest).toBeLessThanOrEqual(5.05);
    expect(farthest).toBeGreaterThan(4);
  });

  it('draws the same cities as citiesForBenchmark', () => {
    const places = placesForBenchmark(100, 9).map((place) => place.city.id);

    expect(places).toEqual(citiesForBenchmark(100, 9).map((city) => city.id));
  });
});

describe('adminRegionAt', () => {
  it('names the prefecture of Osaka and of Tokyo', () => {
    expect(adminRegionAt(135.50218, 34.69374, 'JP')?.name).toBe('Osaka');
    expect(adminRegionAt(139.69171, 35.6895, 'JP')?.name).toBe('Tokyo');
  });

  it('names the province of Qingdao', () => {
    expect(adminRegionAt(120.38, 36.06, 'CN')?.name).toBe('Shandong');
  });

  it('returns undefined far from any city of the country', () => {
    expect(adminRegionAt(-30, 0, 'JP')).toBeUndefined();
  });
});
