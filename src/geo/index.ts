export {
  countryAt,
  countryNames,
  countryByName,
  countryGeometry,
  isCountryCode,
  alpha3ToAlpha2,
  numericToAlpha2,
} from './countries.js';
export { findCities, cityById, citiesWithKoreanNames } from './gazetteer.js';
export type { City, FindCitiesOptions } from './gazetteer.js';
export { timeZoneAt } from './time-zones.js';
export { placeIsInCountry, distanceToCountryKm, borderToleranceKm } from './borders.js';
export { adminRegionAt, adminRegionNames } from './admin-regions.js';
export { citiesNear } from './city-index.js';
export type { AdminRegion } from './admin-regions.js';
export { citiesForBenchmark, placesForBenchmark, seededRandom } from './benchmark-cities.js';
export type { BenchmarkPlace } from './benchmark-cities.js';
export { normalizeName } from './normalize.js';
export { distanceKm } from './distance.js';
