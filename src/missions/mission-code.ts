import { normalizeName } from '../geo/index.js';
import type { MissionKind } from './mission.js';

const kindSuffixes: Record<MissionKind, string> = {
  embassy: 'EMB',
  'consulate-general': 'CG',
  consulate: 'CON',
  mission: 'MIS',
};

/**
 * Builds the stable code of a mission from its host country, the English name of its city and
 * its kind: `JP-TOKYO-EMB`, `JP-OSAKA-CG`, `VN-HOCHIMINH-CG`. A trailing "City" is dropped
 * ("New York City" gives NEWYORK). The bundled file and the importer both use this function, so
 * an imported row updates the bundled mission of the same city and kind.
 */
export function missionCode(country: string, city: string, kind: MissionKind): string {
  const withoutCity = city.replace(/\s+city$/i, '');
  const slug = normalizeName(withoutCity)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  return `${country.toUpperCase()}-${slug}-${kindSuffixes[kind]}`;
}
