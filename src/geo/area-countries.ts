import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { countryAt } from './countries.js';

type LonLat = [number, number];

/** Grid cells per side laid over a polygon's bounding box to sample its interior, at most. */
const MAX_GRID_CELLS = 12;

/** Grid spacing in degrees (~20 km) below which a polygon gets no more cells. */
const GRID_STEP_DEGREES = 0.2;

const KM_PER_DEGREE_LATITUDE = 111.32;

/**
 * Returns the ISO 3166-1 alpha-2 codes of the countries and territories that polygons and
 * circles touch, sorted. It looks up sample points against the bundled borders: for a polygon
 * every vertex and a grid of interior points, for a circle its centre and two rings. A country
 * that only grazes a shape between samples can therefore be missed. Points at sea beyond any
 * border count for nothing.
 */
export function countriesOfShapes(
  polygons: LonLat[][],
  circles: { center: LonLat; radiusKm: number }[],
): string[] {
  const found = new Set<string>();
  // Points closer than ~1 km are looked up once; borders are not drawn finer than that.
  const seen = new Set<string>();
  const visit = (point: LonLat) => {
    const key = `${Math.round(point[0] * 100)},${Math.round(point[1] * 100)}`;
    if (seen.has(key)) return;
    seen.add(key);
    const code = countryAt(point[0], point[1]);
    if (code) found.add(code);
  };

  for (const ring of polygons) samplePolygon(ring).forEach(visit);
  for (const circle of circles) sampleCircle(circle.center, circle.radiusKm).forEach(visit);
  return [...found].sort();
}

/**
 * Samples a ring's vertices and a grid over its bounding box. A ring that crosses the
 * antimeridian is unwrapped first, so its box spans the crossing and not the rest of the globe.
 * Returned points have longitudes within -180..180.
 */
function samplePolygon(original: LonLat[]): LonLat[] {
  const ring = unwrapLongitudes(original);
  const samples: LonLat[] = [...ring];
  const lons = ring.map((point) => point[0]);
  const lats = ring.map((point) => point[1]);
  const [west, east] = [Math.min(...lons), Math.max(...lons)];
  const [south, north] = [Math.min(...lats), Math.max(...lats)];
  const polygon = { type: 'Polygon' as const, coordinates: [ring] };
  const columns = gridCells(east - west);
  const rows = gridCells(north - south);

  for (let row = 0; row <= rows; row += 1) {
    for (let column = 0; column <= columns; column += 1) {
      const point: LonLat = [
        west + ((east - west) * column) / columns,
        south + ((north - south) * row) / rows,
      ];
      if (booleanPointInPolygon(point, polygon)) samples.push(point);
    }
  }
  return samples.map(([lon, lat]) => [wrapLongitude(lon), lat]);
}

/**
 * Shifts longitudes by whole turns so that no edge spans more than 180°. Edges of a warning
 * area are far shorter than half the globe, so a longer jump means the edge crosses 180°.
 */
function unwrapLongitudes(ring: LonLat[]): LonLat[] {
  const unwrapped: LonLat[] = [];
  for (const [lon, lat] of ring) {
    const previous = unwrapped.at(-1)?.[0];
    let shifted = lon;
    if (previous !== undefined) {
      while (shifted - previous > 180) shifted -= 360;
      while (shifted - previous < -180) shifted += 360;
    }
    unwrapped.push([shifted, lat]);
  }
  return unwrapped;
}

function wrapLongitude(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

function gridCells(spanDegrees: number): number {
  return Math.min(MAX_GRID_CELLS, Math.max(2, Math.ceil(spanDegrees / GRID_STEP_DEGREES)));
}

function sampleCircle(center: LonLat, radiusKm: number): LonLat[] {
  const samples: LonLat[] = [center];
  if (radiusKm <= 0) return samples;

  for (const fraction of [0.5, 1]) {
    for (let step = 0; step < 16; step += 1) {
      samples.push(offsetPoint(center, radiusKm * fraction, (step * Math.PI) / 8));
    }
  }
  return samples;
}

/** Moves a point by a distance in km along a bearing, on a locally flat Earth (fine below ~500 km). */
function offsetPoint(center: LonLat, distanceKm: number, bearing: number): LonLat {
  const dLat = (distanceKm * Math.cos(bearing)) / KM_PER_DEGREE_LATITUDE;
  const cosLat = Math.max(Math.cos((center[1] * Math.PI) / 180), 0.01);
  const dLon = (distanceKm * Math.sin(bearing)) / (KM_PER_DEGREE_LATITUDE * cosLat);
  const lat = Math.max(-90, Math.min(90, center[1] + dLat));
  return [wrapLongitude(center[0] + dLon), lat];
}
