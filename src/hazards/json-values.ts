/** Narrow readers for values of parsed JSON, which is `unknown` until checked. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** Reads a GeoJSON Point's [lon, lat, depth?], or undefined when it is not a valid point. */
export function pointOf(geometry: unknown): number[] | undefined {
  if (!isObject(geometry) || geometry.type !== 'Point' || !Array.isArray(geometry.coordinates)) {
    return undefined;
  }
  const coordinates = geometry.coordinates.map((value) => numberOf(value));
  const [lon, lat] = coordinates;
  if (lon === null || lat === null || lon === undefined || lat === undefined) return undefined;
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return undefined;
  return coordinates.map((value) => value ?? NaN);
}
