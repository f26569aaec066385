import type { AppContext } from '../context.js';
import { distanceKm } from '../geo/index.js';
import { loadStayIndex, type StaySegment } from '../travelers/stay-index.js';

type Position = [number, number];

/** The parts of a normalised hazard event version that targeting reads. */
export interface TargetableEvent {
  hazardType: string;
  sent: string;
  onset?: string | null;
  effective?: string | null;
  expires?: string | null;
  areaKind: 'shapes' | 'countries' | 'unresolved';
  countries: string[];
  areas: {
    description: string;
    polygons: Position[][];
    circles: { center: Position; radiusKm: number }[];
  }[];
  magnitude?: number | null;
  depthKm?: number | null;
  epicenter?: Position | null;
}

export type TargetReason =
  | { kind: 'polygon'; area: string }
  | { kind: 'circle'; area: string; distanceKm: number }
  | { kind: 'country'; area: string }
  | { kind: 'epicentre'; area: string; distanceKm: number; radiusKm: number };

export interface TargetMatch {
  stayId: string;
  travelerId: string;
  country: string;
  placeName: string;
  lon: number;
  lat: number;
  timeZone: string;
  missionCode: string | null;
  reason: TargetReason;
}

export interface ValidityWindow {
  from: number;
  to: number;
}

/**
 * Returns the window in which an event version applies: from its effective time (else onset,
 * else sent) to its expiry, or to the configured default duration when it gives none.
 */
export function validityOf(event: TargetableEvent, defaultHours: number): ValidityWindow {
  const from = Date.parse(event.effective ?? event.onset ?? event.sent);
  const expires = event.expires ? Date.parse(event.expires) : NaN;
  const to = Number.isFinite(expires) && expires > from ? expires : from + defaultHours * 3_600_000;
  return { from, to };
}

/**
 * Radius around an epicentre for an earthquake without an area: 10^(a*M + b) km, shrunk by
 * depth as 1 / (1 + depth / depthScaleKm), clamped to [minKm, maxKm]. With the default rule
 * (0.43, -1.2, 70, 10, 600), an M7.5 at 10 km depth gives about 93 km and an M6 at 10 km about 21 km.
 */
export function quakeRadiusKm(
  magnitude: number,
  depthKm: number,
  rule: AppContext['config']['quakeRadiusRule'],
): number {
  const raw = 10 ** (rule.a * magnitude + rule.b) / (1 + Math.max(depthKm, 0) / rule.depthScaleKm);
  return Math.min(rule.maxKm, Math.max(rule.minKm, raw));
}

/**
 * Finds the stays an event version touches. A stay matches inside any polygon or circle of the
 * event, in a listed country when the event covers whole countries, or around the epicentre of
 * an earthquake given only as a point; an unresolved area matches nobody. Only stays whose
 * dates overlap the event's validity count, and each match keeps the first reason found.
 */
export async function targetEventVersion(
  ctx: AppContext,
  event: TargetableEvent,
): Promise<TargetMatch[]> {
  const index = await loadStayIndex(ctx.db);
  const matches: TargetMatch[] = [];
  for (const segment of index.segments) {
    const found = findTargets(segment, event, ctx.config);
    for (let n = 0; n < found.positions.length; n += 1) {
      const reason = withDistance(found.reasons[n], found.distances[n]);
      matches.push(matchOf(segment, found.positions[n], reason));
    }
  }
  return matches;
}

/**
 * Matches as positions in one index segment, before any per-match object is built. Reasons
 * are shared per area; the distance of each circle or epicentre match sits in `distances`
 * (NaN for other kinds).
 */
export interface FoundTargets {
  positions: number[];
  reasons: TargetReason[];
  distances: number[];
}

type Keep = (i: number, reason: TargetReason, distance: number) => void;

/** Runs the spatial and date checks of targeting on one segment; the benchmark uses it too. */
export function findTargets(
  index: StaySegment,
  event: TargetableEvent,
  config: Pick<AppContext['config'], 'eventDefaultHours' | 'quakeRadiusRule'>,
): FoundTargets {
  const window = validityOf(event, config.eventDefaultHours);
  const seen = new Uint8Array(index.size);
  const found: FoundTargets = { positions: [], reasons: [], distances: [] };
  const keep: Keep = (i, reason, distance) => {
    if (i >= index.size || seen[i] === 1 || index.stale[i] === 1) return;
    if (!(index.activeFrom[i] < window.to && index.activeTo[i] > window.from)) return;
    seen[i] = 1;
    found.positions.push(i);
    found.reasons.push(reason);
    found.distances.push(distance);
  };

  if (event.areaKind === 'countries') {
    matchCountries(index, event.countries, keep);
  } else if (event.areaKind === 'shapes') {
    const hasArea = matchShapes(index, event, keep);
    if (!hasArea) matchEpicentre(config.quakeRadiusRule, index, event, keep);
  }
  return found;
}

function withDistance(reason: TargetReason, distance: number): TargetReason {
  if (reason.kind !== 'circle' && reason.kind !== 'epicentre') return reason;
  return { ...reason, distanceKm: round(distance) };
}

function matchCountries(index: StaySegment, countries: string[], keep: Keep) {
  for (const country of countries) {
    const reason: TargetReason = { kind: 'country', area: country };
    for (const i of index.byCountry.get(country) ?? []) keep(i, reason, NaN);
  }
}

/** Matches polygons and real circles; returns false when the event has neither. */
function matchShapes(index: StaySegment, event: TargetableEvent, keep: Keep): boolean {
  let hasArea = false;
  for (const area of event.areas) {
    for (const polygon of area.polygons) {
      if (polygon.length < 3) continue;
      hasArea = true;
      const reason: TargetReason = { kind: 'polygon', area: area.description };
      eachPointInPolygon(index, polygon, (i) => keep(i, reason, NaN));
    }
    for (const circle of area.circles) {
      if (!(circle.radiusKm > 0)) continue;
      hasArea = true;
      const reason: TargetReason = { kind: 'circle', area: area.description, distanceKm: 0 };
      eachPointInCircle(index, circle.center, circle.radiusKm, (i, distance) =>
        keep(i, reason, distance),
      );
    }
  }
  return hasArea;
}

function matchEpicentre(
  rule: AppContext['config']['quakeRadiusRule'],
  index: StaySegment,
  event: TargetableEvent,
  keep: Keep,
) {
  if (event.hazardType !== 'earthquake' || typeof event.magnitude !== 'number') return;
  const center = event.epicenter ?? event.areas.flatMap((area) => area.circles)[0]?.center;
  if (!center) return;
  const radiusKm = round(quakeRadiusKm(event.magnitude, event.depthKm ?? 10, rule));
  const area = event.areas[0]?.description ?? 'epicentre';
  const reason: TargetReason = { kind: 'epicentre', area, distanceKm: 0, radiusKm };
  eachPointInCircle(index, center, radiusKm, (i, distance) => keep(i, reason, distance));
}

function eachPointInCircle(
  index: StaySegment,
  center: Position,
  radiusKm: number,
  visit: (i: number, distance: number) => void,
): void {
  const [lon, lat] = center;
  const dLat = radiusKm / 111.2;
  const cosLat = Math.cos((lat * Math.PI) / 180);
  const dLon = cosLat > 0.01 ? Math.min(180, radiusKm / (111.2 * cosLat)) : 180;
  const minLat = Math.max(-90, lat - dLat);
  const maxLat = Math.min(90, lat + dLat);
  for (const [minLon, maxLon] of lonRanges(lon - dLon, lon + dLon)) {
    for (const i of index.tree.range(minLon, minLat, maxLon, maxLat)) {
      const distance = distanceKm(lon, lat, index.lon[i], index.lat[i]);
      if (distance <= radiusKm) visit(i, distance);
    }
  }
}

/** Splits a longitude range that crosses the antimeridian into ranges within [-180, 180]. */
function lonRanges(min: number, max: number): [number, number][] {
  if (max - min >= 360) return [[-180, 180]];
  if (min < -180) {
    return [
      [min + 360, 180],
      [-180, max],
    ];
  }
  if (max > 180) {
    return [
      [min, 180],
      [-180, max - 360],
    ];
  }
  return [[min, max]];
}

function boundsOf(ring: Position[]) {
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const [lon, lat] of ring) {
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
  }
  return { minLon, maxLon, minLat, maxLat };
}

function eachPointInPolygon(index: StaySegment, ring: Position[], visit: (i: number) => void) {
  // A ring whose longitudes span more than 180 degrees crosses the antimeridian: shift its
  // western half east by 360 so the ring is continuous, and test points the same way.
  const raw = boundsOf(ring);
  const crosses = raw.maxLon - raw.minLon > 180;
  const shifted: Position[] = crosses
    ? ring.map(([lon, lat]) => [lon < 0 ? lon + 360 : lon, lat])
    : ring;
  const { minLon, maxLon, minLat, maxLat } = crosses ? boundsOf(shifted) : raw;

  for (const [from, to] of lonRanges(minLon, maxLon)) {
    for (const i of index.tree.range(from, minLat, to, maxLat)) {
      const lon = crosses && index.lon[i] < 0 ? index.lon[i] + 360 : index.lon[i];
      if (insideRing(shifted, lon, index.lat[i])) visit(i);
    }
  }
}

/** Ray casting: a point is inside when a ray to the east crosses the ring an odd number of times. */
function insideRing(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function matchOf(index: StaySegment, i: number, reason: TargetReason): TargetMatch {
  return {
    stayId: index.stayIds[i],
    travelerId: index.travelerIds[i],
    country: index.countries[i],
    placeName: index.placeNames[i],
    lon: index.lon[i],
    lat: index.lat[i],
    timeZone: index.timeZones[i],
    missionCode: index.missionCodes[i],
    reason,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
