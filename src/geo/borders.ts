import { countryAt, countryGeometry } from './countries.js';

/**
 * Tolerance of placeIsInCountry, in kilometres. GeoNames puts some coastal and island cities a
 * little offshore or across a generalised border line, and the bundled borders are simplified,
 * so a point this close to a country's border still counts as in the country.
 */
export const borderToleranceKm = 25;

const kmPerDegree = 111.32;

type Ring = number[][];

function ringsOf(code: string): Ring[] {
  const geometry = countryGeometry(code);
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return geometry.coordinates as Ring[];
  if (geometry.type === 'MultiPolygon') return (geometry.coordinates as Ring[][]).flat();
  return [];
}

/**
 * Returns the distance in km from a point to a segment, on a local equirectangular projection
 * centred on the point: accurate to well under 1% at the 25 km scale this is used for.
 */
function distanceToSegmentKm(lon: number, lat: number, a: number[], b: number[]): number {
  const scaleX = kmPerDegree * Math.cos((lat * Math.PI) / 180);
  const wrap = (dLon: number) => ((((dLon + 180) % 360) + 360) % 360) - 180;
  const ax = wrap(a[0] - lon) * scaleX;
  const ay = (a[1] - lat) * kmPerDegree;
  const bx = wrap(b[0] - lon) * scaleX;
  const by = (b[1] - lat) * kmPerDegree;

  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t =
    lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSquared));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/**
 * Returns the distance in km from a point to the nearest border line of a country, or Infinity
 * when the bundled borders have no shape for the code.
 */
export function distanceToCountryKm(lon: number, lat: number, code: string): number {
  let best = Infinity;
  for (const ring of ringsOf(code)) {
    for (let i = 1; i < ring.length; i++) {
      best = Math.min(best, distanceToSegmentKm(lon, lat, ring[i - 1], ring[i]));
    }
  }
  return best;
}

/**
 * Tells whether a point is in a country. The rule: the point is in the country when the
 * bundled borders put it there, or when it lies within 25 km of that country's border.
 * The tolerance accepts coastal cities whose coordinates fall just offshore and points across
 * a simplified border line. It also accepts a point in a neighbouring country within 25 km of
 * the border. That is acceptable because the check exists to catch a place given with the
 * wrong country (Tokyo's coordinates for KR), not to settle where a border runs.
 */
export function placeIsInCountry(lon: number, lat: number, country: string): boolean {
  const code = country.toUpperCase();
  const at = countryAt(lon, lat);
  if (at === code) return true;
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return false;
  return distanceToCountryKm(lon, lat, code) <= borderToleranceKm;
}
