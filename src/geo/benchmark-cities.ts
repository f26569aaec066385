import { citiesWithKoreanNames, type City } from './gazetteer.js';

/**
 * Share of stays per destination country, in percent. The numbers are an estimate shaped like
 * Korean outbound travel in the mid-2020s (Japan first, then Vietnam, China, Thailand, the
 * Philippines, the US). They are not an official statistic, because they only have to make a
 * benchmark's load look like real traffic. Countries not listed share the remainder.
 */
const countryShares: Record<string, number> = {
  JP: 30,
  VN: 15,
  CN: 8,
  TH: 6,
  PH: 5,
  US: 5,
  TW: 4,
  HK: 3,
  GU: 2,
  SG: 2,
  MY: 1.5,
  ID: 1.5,
  MO: 1,
  MP: 1,
  AU: 1,
  FR: 1,
  IT: 1,
  ES: 1,
  GB: 0.8,
  DE: 0.8,
  CA: 0.7,
  TR: 0.6,
};

interface WeightedCities {
  cities: City[];
  /** Running sum of weights, same order as cities. */
  cumulative: number[];
}

let weighted: WeightedCities | undefined;

/** Weighs each city by its country's share, split within the country by √population. */
function weightedCities(): WeightedCities {
  if (weighted) return weighted;

  const cities = citiesWithKoreanNames();
  const listed = new Set(Object.keys(countryShares));
  const rest = 100 - Object.values(countryShares).reduce((sum, share) => sum + share, 0);
  const groupOf = (city: City) => (listed.has(city.country) ? city.country : '*');
  const groupTotals = new Map<string, number>();
  for (const city of cities) {
    const group = groupOf(city);
    groupTotals.set(group, (groupTotals.get(group) ?? 0) + Math.sqrt(city.population));
  }

  let sum = 0;
  const cumulative = cities.map((city) => {
    const group = groupOf(city);
    const share = group === '*' ? rest : countryShares[group];
    sum += (share * Math.sqrt(city.population)) / (groupTotals.get(group) ?? 1);
    return sum;
  });
  weighted = { cities, cumulative };
  return weighted;
}

/** Returns a seeded pseudo-random generator in [0, 1) (mulberry32), so runs repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws `count` real cities, with replacement, weighted towards where Korean travellers go:
 * the bundled Korean-named cities, each country by its estimated share of trips. The same seed
 * gives the same list.
 */
export function citiesForBenchmark(count: number, seed = 1): City[] {
  const { cities, cumulative } = weightedCities();
  const total = cumulative[cumulative.length - 1];
  const random = seededRandom(seed);

  const picked: City[] = [];
  for (let i = 0; i < count; i++) {
    const target = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle] > target) high = middle;
      else low = middle + 1;
    }
    picked.push(cities[low]);
  }
  return picked;
}

/** A benchmark stay location: a real city and a point near it. */
export interface BenchmarkPlace {
  city: City;
  lon: number;
  lat: number;
}

/**
 * Draws `count` places like citiesForBenchmark, each moved uniformly within `spreadKm` of its
 * city centre (5 km unless given), so that stays of one city do not share one point.
 */
export function placesForBenchmark(count: number, seed = 1, spreadKm = 5): BenchmarkPlace[] {
  const random = seededRandom(seed ^ 0x5bd1e995);
  return citiesForBenchmark(count, seed).map((city) => {
    const distance = spreadKm * Math.sqrt(random());
    const bearing = 2 * Math.PI * random();
    const dLat = (distance * Math.cos(bearing)) / 111.32;
    const dLon = (distance * Math.sin(bearing)) / (111.32 * Math.cos((city.lat * Math.PI) / 180));
    const lat = Math.max(-90, Math.min(90, city.lat + dLat));
    const lon = ((((city.lon + dLon + 180) % 360) + 360) % 360) - 180;
    return { city, lon, lat };
  });
}
