import type { TargetableEvent } from './targeting.js';

type Areas = TargetableEvent['areas'];
type HazardEvent = TargetableEvent;

const kmPerDegree = 111.32;

/**
 * Approximate size of an event's areas in km², to tell whether an update grew the area.
 * Polygons use the shoelace formula on an equirectangular projection at their mean latitude;
 * circles are πr². Good to a few percent at the sizes alerts deal with.
 */
export function areaSizeKm2(areas: Areas): number {
  let total = 0;
  for (const area of areas) {
    for (const polygon of area.polygons ?? []) total += polygonKm2(polygon);
    for (const circle of area.circles ?? []) total += Math.PI * circle.radiusKm ** 2;
  }
  return total;
}

function polygonKm2(ring: number[][]): number {
  if (ring.length < 3) return 0;
  const meanLat = ring.reduce((sum, point) => sum + point[1], 0) / ring.length;
  const xScale = kmPerDegree * Math.cos((meanLat * Math.PI) / 180);
  let twice = 0;
  for (let i = 0; i < ring.length; i += 1) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    twice += x1 * xScale * (y2 * kmPerDegree) - x2 * xScale * (y1 * kmPerDegree);
  }
  return Math.abs(twice) / 2;
}

/**
 * True when the newer version covers more ground: a country it did not name, or areas at
 * least 5 % larger (below that, redrawn borders are noise).
 */
export function areaGrew(
  before: Pick<HazardEvent, 'areas' | 'countries'>,
  after: Pick<HazardEvent, 'areas' | 'countries'>,
): boolean {
  const known = new Set(before.countries);
  if (after.countries.some((country) => !known.has(country))) return true;
  return areaSizeKm2(after.areas) > areaSizeKm2(before.areas) * 1.05;
}

/** The first area description, for the `area` variable when no place name fits better. */
export function areaLabel(event: Pick<HazardEvent, 'areas'>): string | undefined {
  return event.areas.find((area) => area.description?.trim())?.description.trim();
}
