import type { Circle, LonLat } from './hazard-event.js';

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

/** Parses a CAP <circle>: "lat,lon radius" with the radius in kilometres. */
export function parseCapCircle(text: string): Parsed<Circle> {
  const [pair, radius, ...rest] = text.trim().split(/\s+/);
  if (!pair) return { problem: 'empty <circle>' };

  const center = parseLatLon(pair);
  const radiusKm = Number(radius);
  if (
    !center ||
    rest.length > 0 ||
    radius === undefined ||
    !Number.isFinite(radiusKm) ||
    radiusKm < 0
  ) {
    return { problem: `<circle> "${text.trim()}" is not "lat,lon radius-in-km"` };
  }
  return { value: { center, radiusKm } };
}

function parseLatLon(pair: string): LonLat | undefined {
  const parts = pair.split(',').filter((part) => part !== '');
  if (parts.length !== 2) return undefined;

  const [lat, lon] = parts.map((part) => Number(part.replace(/^\+/, '')));
  if (!isLatitude(lat) || !isLongitude(lon)) return undefined;
  return [lon, lat];
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
