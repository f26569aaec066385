import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import {
  getVersionRow,
  listCurrentRows,
  listVersionRows,
  listVersionRowsBySourceId,
  toStoredVersion,
  type CurrentQuery,
  type StoredVersion,
} from './hazards.repo.js';

type Db = Kysely<Database>;

/** An event with all its versions, oldest first, and the one now in force. */
export interface HazardEventView {
  eventId: string;
  current: StoredVersion;
  /** True once the current version is a cancel: the event is over. */
  ended: boolean;
  versions: StoredVersion[];
}

/** Reads one version by its id. */
export async function getEventVersion(
  db: Db,
  versionId: string,
): Promise<StoredVersion | undefined> {
  const row = await getVersionRow(db, versionId);
  return row ? toStoredVersion(row) : undefined;
}

/** Reads every stored version with this source id ("us7000abcd", a CAP identifier), oldest first. */
export async function findVersionsBySourceId(
  db: Db,
  source: string,
  sourceId: string,
): Promise<StoredVersion[]> {
  return (await listVersionRowsBySourceId(db, source, sourceId)).map(toStoredVersion);
}

/** Reads an event by its event id, or by the id of any of its versions. */
export async function getHazardEvent(db: Db, id: string): Promise<HazardEventView | undefined> {
  let rows = await listVersionRows(db, id);
  if (rows.length === 0) {
    const version = await getVersionRow(db, id);
    if (!version) return undefined;
    rows = await listVersionRows(db, version.event_id);
  }

  const versions = rows.map(toStoredVersion);
  const inForce = versions.filter((version) => version.supersededBy === null);
  const current = inForce.at(-1) ?? versions.at(-1)!;
  const ended = current.event.msgType === 'cancel' || (await endedElsewhere(db, current));
  return { eventId: current.eventId, current, ended, versions };
}

/**
 * Tells whether a superseded version was replaced by a cancel that joined another event. This
 * happens when a CAP Cancel ends an alert whose <info> blocks became several events.
 */
async function endedElsewhere(db: Db, current: StoredVersion): Promise<boolean> {
  if (!current.supersededBy) return false;
  const replacement = await getVersionRow(db, current.supersededBy);
  return (
    replacement !== undefined &&
    replacement.event_id !== current.eventId &&
    replacement.msg_type === 'cancel'
  );
}

/** Lists the current version of each event, newest received first. */
export async function listHazardEvents(db: Db, query: CurrentQuery): Promise<StoredVersion[]> {
  return (await listCurrentRows(db, query)).map(toStoredVersion);
}
