import type { Circle, LonLat } from './hazard-event.js';

/**
 * Largest circle radius accepted, in kilometres. A wider circle covers a continent or more, which
 * no single warning area does; it would target travelers across the planet.
 */
export const MAX_CIRCLE_RADIUS_KM = 5000;

/** A plain decimal number: optional sign, digits and a fraction. No exponent, hex or Infinity. */
const decimalNumber = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A parsed value or the reason it was dropped. */
export type Parsed<T> = { value: T } | { problem: string };

/**
 * Parses a CAP <polygon>: "lat,lon lat,lon ..." (WGS 84), at least four pairs with the first
 * repeated last. Tolerates what real senders write: '+' signs, a comma before the space and
 * a ring left open (it is closed). Returns the ring in [lon, lat] order.
 */
export function parseCapPolygon(text: string): Parsed<LonLat[]> {
  const pairs = text
    .trim()
    .split(/\s+/)
    .filter((token) => token !== '');
  if (pairs.length === 0) return { problem: 'empty <polygon>' };

  const ring: LonLat[] = [];
  for (const pair of pairs) {
    const point = parseLatLon(pair);
    if (!point) return { problem: `<polygon> has an invalid "lat,lon" pair "${pair}"` };
    ring.push(point);
  }

  if (!samePoint(ring[0], ring[ring.length - 1])) ring.push([...ring[0]]);
  const distinct = new Set(ring.map((point) => point.join(','))).size;
  if (distinct < 3) {
    return { problem: `<polygon> has ${distinct} distinct points, at least 3 are needed` };
  }
  return { value: ring };
}

/**
 * Parses a CAP <circle>: "lat,lon radius" with the radius in kilometres, at most
 * MAX_CIRCLE_RADIUS_KM.
 */
export function parseCapCircle(text: string): Parsed<Circle> {
  const [pair, radius, ...rest] = text.trim().split(/\s+/);
  if (!pair) return { problem: 'empty <circle>' };

  const center = parseLatLon(pair);
  const radiusKm = decimalOf(radius);
  if (!center || rest.length > 0 || radiusKm === undefined || radiusKm < 0) {
    return { problem: `<circle> "${text.trim()}" is not "lat,lon radius-in-km"` };
  }
  if (radiusKm > MAX_CIRCLE_RADIUS_KM) {
    return {
      problem: `<circle> radius ${radius} km is above the limit of ${MAX_CIRCLE_RADIUS_KM} km`,
    };
  }
  return { value: { center, radiusKm } };
}

function parseLatLon(pair: string): LonLat | undefined {
  const parts = pair.split(',').filter((part) => part !== '');
  if (parts.length !== 2) return undefined;

  const [lat, lon] = parts.map(decimalOf);
  if (lat === undefined || lon === undefined) return undefined;
  if (!isLatitude(lat) || !isLongitude(lon)) return undefined;
  return [lon, lat];
}

/** Reads a plain decimal number; undefined for anything else, such as "0x23" or "1e300". */
function decimalOf(text: string | undefined): number | undefined {
  if (text === undefined || !decimalNumber.test(text)) return undefined;
  return Number(text);
}

export function isLatitude(value: number): boolean {
  return Number.isFinite(value) && value >= -90 && value <= 90;
}

export function isLongitude(value: number): boolean {
  return Number.isFinite(value) && value >= -180 && value <= 180;
}

function samePoint(a: LonLat, b: LonLat): boolean {
  return a[0] === b[0] && a[1] === b[1];
}
