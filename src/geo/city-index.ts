import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { allCityRecords, cityById, type City } from './gazetteer.js';

let index: KDBush | undefined;

/** Returns a spatial index over every gazetteer record, built once on first use. */
export function cityIndex(): KDBush {
  if (index) return index;

  const records = allCityRecords();
  const built = new KDBush(records.length);
  for (const record of records) built.add(record.loc.coordinates[0], record.loc.coordinates[1]);
  built.finish();
  index = built;
  return index;
}

/**
 * Returns gazetteer cities within `radiusKm` of a point, nearest first (great-circle distance),
 * limited to one country when given and to `limit` results (10 unless given).
 */
export function citiesNear(
  lon: number,
  lat: number,
  radiusKm: number,
  options: { country?: string; limit?: number } = {},
): City[] {
  const records = allCityRecords();
  const country = options.country?.toUpperCase();
  const positions = around(cityIndex(), lon, lat, options.limit ?? 10, radiusKm, (p: number) => {
    return country === undefined || records[p].country === country;
  });
  return positions.flatMap((position: number) => cityById(records[position].cityId) ?? []);
}
