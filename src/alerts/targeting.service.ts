import type { AppContext } from '../context.js';
import {
  findVersionsBySourceId,
  getHazardEvent,
  type HazardSource,
  type StoredVersion,
} from '../hazards/index.js';
import { targetEventVersion, type TargetMatch } from './targeting.js';

const sources: HazardSource[] = ['cap', 'usgs', 'gdacs', 'jma'];

export interface EventTargets {
  eventId: string;
  versionId: string;
  sourceId: string;
  headline: string;
  matches: TargetMatch[];
  byCountry: Record<string, number>;
  byPlace: { country: string; place: string; count: number }[];
}

/**
 * Resolves an id to the events it names: an event id, a version id, or a source id (which can
 * name several events, one per source or per part of a CAP alert). Returns each event's
 * current version, newest event first.
 */
export async function resolveEvents(ctx: AppContext, id: string): Promise<StoredVersion[]> {
  const view = await getHazardEvent(ctx.db, id);
  if (view) return [view.current];

  // `abroad parse` prints ids as source:sourceId, e.g. usgs:us6000jllz.
  const prefixed = /^(cap|usgs|gdacs|jma):(.+)$/.exec(id);
  const wanted = prefixed ? [prefixed[1] as HazardSource] : sources;
  const sourceId = prefixed ? prefixed[2] : id;
  const eventIds = new Set<string>();
  for (const source of wanted) {
    for (const version of await findVersionsBySourceId(ctx.db, source, sourceId)) {
      eventIds.add(version.eventId);
    }
  }
  const current: StoredVersion[] = [];
  for (const eventId of eventIds) {
    const found = await getHazardEvent(ctx.db, eventId);
    if (found) current.push(found.current);
  }
  return current.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

/** Targets the current version of an event and counts the matches per country and place. */
export async function targetsOf(ctx: AppContext, version: StoredVersion): Promise<EventTargets> {
  const matches = await targetEventVersion(ctx, version.event);
  const byCountry: Record<string, number> = {};
  const places = new Map<string, { country: string; place: string; count: number }>();
  for (const match of matches) {
    byCountry[match.country] = (byCountry[match.country] ?? 0) + 1;
    const key = `${match.country}|${match.placeName}`;
    const entry = places.get(key) ?? { country: match.country, place: match.placeName, count: 0 };
    entry.count += 1;
    places.set(key, entry);
  }
  const headlines = Object.values(version.event.headline);
  return {
    eventId: version.eventId,
    versionId: version.id,
    sourceId: version.event.sourceId,
    headline: headlines[0] ?? version.event.event,
    matches,
    byCountry,
    byPlace: [...places.values()].sort((a, b) => b.count - a.count),
  };
}
