import type { Kysely } from 'kysely';
import { recordAudit, type Actor } from '../audit/index.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/database.js';
import { newId } from '../ids.js';
import type { AreaKind, HazardEvent } from './hazard-event.js';
import {
  findByVersionKey,
  findCurrentBySourceIds,
  findCurrentOfEvent,
  findLatestBySourceId,
  insertVersion,
  markSuperseded,
  toRow,
  toStoredVersion,
  type StoredVersion,
} from './hazards.repo.js';
import { parseFeedDocument } from './parse-feed.js';
import { MAX_FUTURE_SKEW_MS } from './time.js';

/** Source of a document (a file path, feed URL or "api") and the actor who brought it in. */
export interface IngestOrigin {
  name: string;
  actor: Actor;
}

export interface IngestedVersion extends StoredVersion {
  /** True when this call stored the version; false when it was already there. */
  isNew: boolean;
}

export interface IngestResult {
  versions: IngestedVersion[];
  warnings: string[];
}

/** Called once for each newly stored version, after the transaction that stored it commits. */
export type NewVersionHook = (ctx: AppContext, version: StoredVersion) => Promise<void>;

/**
 * Hooks other domains add to react to new event versions (the alerts domain targets them).
 * A failing hook is logged and does not stop the others or undo the ingest.
 */
export const onNewVersion: NewVersionHook[] = [];

/**
 * Parses a feed document and stores each event as a version. A version already stored (same
 * source, sourceId, part and version key) is left alone, so ingesting a document twice changes
 * nothing. A new version joins its event (same sourceId, or a CAP message it references) and
 * supersedes the current version there. A cancel becomes the current version, which ends the
 * event. Throws FeedError when the document cannot be used.
 */
export async function ingestDocument(
  ctx: AppContext,
  bytes: Buffer,
  origin: IngestOrigin,
): Promise<IngestResult> {
  const now = latestOf(ctx.clock.real(), ctx.clock.scenario());
  const parsed = parseFeedDocument(bytes, { now });
  const events = mergeSameVersion(parsed.events).sort((a, b) => a.sent.localeCompare(b.sent));

  const times: StoreTimes = {
    receivedAt: ctx.clock.real().toISOString(),
    latestSent: new Date(now.getTime() + MAX_FUTURE_SKEW_MS).toISOString(),
  };
  const versions = await ctx.db.transaction().execute(async (trx) => {
    const stored: IngestedVersion[] = [];
    for (const event of events) stored.push(await storeVersion(trx, event, origin, times));
    return stored;
  });

  const fresh = versions.filter((version) => version.isNew);
  ctx.log.info(
    {
      component: 'hazards',
      origin: origin.name,
      events: versions.length,
      newVersions: fresh.length,
    },
    'feed document ingested',
  );
  await runHooks(ctx, fresh);
  return { versions, warnings: parsed.warnings };
}

/**
 * Times of one ingest: when the document arrived, and the latest send time accepted (one day
 * after the later of the real and scenario clocks), as UTC ISO.
 */
interface StoreTimes {
  receivedAt: string;
  latestSent: string;
}

/**
 * Returns the later instant. A drill pinned ahead of wall time (ABROAD_NOW) sends alerts dated
 * at the pinned time, so the send time window reaches from the later of the two clocks.
 */
function latestOf(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

async function storeVersion(
  trx: Kysely<Database>,
  event: HazardEvent,
  origin: IngestOrigin,
  { receivedAt, latestSent }: StoreTimes,
): Promise<IngestedVersion> {
  const existing = await findByVersionKey(trx, event);
  if (existing) return { ...toStoredVersion(existing), isNew: false };

  const version = {
    id: newId(),
    eventId: await resolveEventId(trx, event),
    origin: origin.name,
    receivedAt,
    event,
  };
  if (!(await insertVersion(trx, toRow(version)))) {
    // Another process stored the same version between the lookup and the insert.
    return { ...toStoredVersion((await findByVersionKey(trx, event))!), isNew: false };
  }

  const supersededBy = await linkIntoChain(trx, version, latestSent);
  await recordAudit(trx, {
    actor: origin.actor,
    action: 'hazard-event.store',
    entityType: 'hazard_event',
    entityId: version.id,
    details: {
      eventId: version.eventId,
      source: event.source,
      sourceId: event.sourceId,
      msgType: event.msgType,
      origin: origin.name,
    },
  });
  return { ...version, supersededBy, isNew: true };
}

/**
 * Finds the event a new version belongs to: the event of an earlier version with the same
 * sourceId and part, else (CAP updates and cancels) the event of the latest message it
 * references, else a new event.
 */
async function resolveEventId(trx: Kysely<Database>, event: HazardEvent): Promise<string> {
  const same = await findLatestBySourceId(trx, event.source, event.sourceId, event.part);
  if (same) return same.event_id;

  const referenced = await Promise.all(
    event.references.map(
      async (sourceId) =>
        (await findLatestBySourceId(trx, event.source, sourceId, event.part)) ??
        findLatestBySourceId(trx, event.source, sourceId),
    ),
  );
  const latest = referenced
    .filter((row) => row !== undefined)
    .sort((a, b) => b.sent.localeCompare(a.sent))[0];
  // TODO: an update stored before the message it references starts an event of its own; join
  // the two when the referenced message arrives later.
  return latest?.event_id ?? newId();
}

/**
 * Makes the new version current: it supersedes the messages it references and the current
 * version of its event, unless that one was sent later (an old version arriving late), in
 * which case the new version is stored as already superseded. Returns the superseding id.
 */
async function linkIntoChain(
  trx: Kysely<Database>,
  { id, eventId, event }: { id: string; eventId: string; event: HazardEvent },
  latestSent: string,
): Promise<string | null> {
  // A stored version sent after `latestSent` predates the send time check; it must not win.
  const implausible = (row: { sent: string }) => row.sent > latestSent;
  const current = (await findCurrentOfEvent(trx, eventId)).filter((row) => row.id !== id);
  const referenced = await findCurrentBySourceIds(trx, event.source, event.references);
  const newer = current
    .filter((row) => row.sent > event.sent && !implausible(row))
    .sort((a, b) => b.sent.localeCompare(a.sent));

  if (newer.length > 0) {
    await markSuperseded(trx, [id], newer[0].id);
    return newer[0].id;
  }
  const replaced = [...current, ...referenced]
    .filter((row) => row.sent <= event.sent || implausible(row))
    .map((row) => row.id);
  await markSuperseded(trx, [...new Set(replaced)], id);
  return null;
}

async function runHooks(ctx: AppContext, versions: StoredVersion[]): Promise<void> {
  for (const version of versions) {
    for (const hook of onNewVersion) {
      try {
        await hook(ctx, version);
      } catch (error) {
        ctx.log.error(
          { component: 'hazards', err: error, versionId: version.id, eventId: version.eventId },
          'new hazard version hook failed',
        );
      }
    }
  }
}

/**
 * Joins events that are one version of one message: index feeds such as MeteoAlarm's list an
 * alert once per area with the same identifier and sent time. Their areas are combined.
 */
export function mergeSameVersion(events: HazardEvent[]): HazardEvent[] {
  const byKey = new Map<string, HazardEvent>();
  for (const event of events) {
    const key = [event.source, event.sourceId, event.part, event.versionKey].join('\u0000');
    const seen = byKey.get(key);
    if (!seen)
      byKey.set(key, { ...event, areas: [...event.areas], countries: [...event.countries] });
    else mergeInto(seen, event);
  }
  return [...byKey.values()];
}

function mergeInto(target: HazardEvent, other: HazardEvent): void {
  target.areas.push(...other.areas);
  target.countries = [...new Set([...target.countries, ...other.countries])].sort();
  target.areaKind = combineAreaKinds(target.areaKind, other.areaKind);
}

function combineAreaKinds(a: AreaKind, b: AreaKind): AreaKind {
  if (a === 'shapes' || b === 'shapes') return 'shapes';
  return a === 'countries' && b === 'countries' ? 'countries' : 'unresolved';
}
