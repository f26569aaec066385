import { countriesOfShapes } from '../geo/area-countries.js';
import { countriesOfGeocodes } from './code-schemes.js';
import type { AreaKind, HazardArea } from './hazard-event.js';

/**
 * Works out which countries areas cover and what kind of area they are. Shapes are matched
 * against the bundled borders; only when they give nothing (no shapes, or all at sea) are the
 * geocodes read. A shape is always `shapes`; geocodes that name whole countries are `countries`;
 * anything else is `unresolved`.
 */
export function resolveAreas(areas: HazardArea[]): { countries: string[]; areaKind: AreaKind } {
  const polygons = areas.flatMap((area) => area.polygons);
  const circles = areas.flatMap((area) => area.circles);
  const hasShapes = polygons.length > 0 || circles.length > 0;
  const fromShapes = hasShapes ? countriesOfShapes(polygons, circles) : [];

  const fromCodes = countriesOfGeocodes(areas.flatMap((area) => area.geocodes));
  const countries = fromShapes.length > 0 ? fromShapes : fromCodes.countries;

  if (hasShapes) return { countries, areaKind: 'shapes' };
  return { countries, areaKind: fromCodes.wholeCountries ? 'countries' : 'unresolved' };
}
