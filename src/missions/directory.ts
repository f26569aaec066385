import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { adminRegionAt, distanceKm } from '../geo/index.js';
import { missionSchema, type Mission } from './mission.js';

const fileUrl = new URL('./data/missions.json', import.meta.url);

const directorySchema = z.object({
  snapshot: z.object({ date: z.string(), source: z.string() }).passthrough(),
  missions: z.array(missionSchema),
});

let missions: Mission[] | undefined;
let byCode: Map<string, Mission> | undefined;

/** Reads and validates the bundled directory once. Throws with every invalid field listed. */
function directory(): Mission[] {
  if (missions) return missions;

  const parsed = directorySchema.safeParse(JSON.parse(readFileSync(fileUrl, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `invalid mission directory ${fileUrl.pathname}: ${z.prettifyError(parsed.error)}; fix the listed fields`,
    );
  }
  missions = parsed.data.missions;
  byCode = new Map(missions.map((mission) => [mission.code, mission]));
  return missions;
}

/** Returns every bundled mission, in file order. */
export function listMissions(): readonly Mission[] {
  return directory();
}

/** Returns the mission with a code (`JP-OSAKA-CG`), or undefined. */
export function missionByCode(code: string): Mission | undefined {
  directory();
  return byCode?.get(code.toUpperCase());
}

function regionsIn(mission: Mission, country: string): string[] | undefined {
  return mission.jurisdiction.find((entry) => entry.country === country)?.regions;
}

function nearest(candidates: Mission[], lon: number, lat: number): Mission | undefined {
  const distanceTo = (mission: Mission) => distanceKm(lon, lat, mission.lon, mission.lat);
  return [...candidates].sort((a, b) => distanceTo(a) - distanceTo(b))[0];
}

/**
 * Finds the mission responsible for a place in a country:
 * 1. a mission that lists the place's admin-1 region (consulates before the embassy, then the
 *    nearest), where the region is known from the nearest gazetteer city;
 * 2. else the nearest mission that serves the country without listing regions, because such
 *    missions share the rest of the country;
 * 3. else the embassy (or mission) hosted in the country, else the nearest that serves it.
 * Delegations (kind `mission`) count only where no embassy or consulate serves the country.
 * Returns undefined when no mission lists the country; callers then use the call centre.
 */
export function resolveMission(country: string, lon: number, lat: number): Mission | undefined {
  const code = country.toUpperCase();
  const all = directory().filter((m) => m.jurisdiction.some((j) => j.country === code));
  if (all.length === 0) return undefined;

  // Delegations to international bodies (대표부 at the UN, OECD, ...) give no consular help
  // where an embassy or consulate serves, so they count only when nothing else does.
  const consular = all.filter((m) => m.kind !== 'mission');
  const serving = consular.length > 0 ? consular : all;

  const region = adminRegionAt(lon, lat, code)?.name;
  const byRegion = region ? serving.filter((m) => regionsIn(m, code)?.includes(region)) : [];
  const consulates = byRegion.filter((m) => m.kind !== 'embassy' && m.kind !== 'mission');
  const regional = nearest(consulates, lon, lat) ?? nearest(byRegion, lon, lat);
  if (regional) return regional;

  const sharingRest = serving.filter((m) => regionsIn(m, code) === undefined);
  if (sharingRest.length > 0) return nearest(sharingRest, lon, lat);

  const embassies = serving.filter(
    (m) => m.country === code && (m.kind === 'embassy' || m.kind === 'mission'),
  );
  return nearest(embassies, lon, lat) ?? nearest(serving, lon, lat);
}
