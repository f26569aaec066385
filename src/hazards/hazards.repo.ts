import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/database.js';
import type { HazardEvent } from './hazard-event.js';
import type { HazardEventTable } from './hazards.tables.js';

type Db = Kysely<Database>;

/** One stored version of a hazard event, as other domains read it. */
export interface StoredVersion {
  /** Id of this version. */
  id: string;
  /** Stable id of the event this version belongs to. */
  eventId: string;
  supersededBy: string | null;
  origin: string;
  receivedAt: string;
  event: HazardEvent;
}

export function toStoredVersion(row: Selectable<HazardEventTable>): StoredVersion {
  return {
    id: row.id,
    eventId: row.event_id,
    supersededBy: row.superseded_by,
    origin: row.origin,
    receivedAt: row.received_at,
    event: JSON.parse(row.payload) as HazardEvent,
  };
}

export function toRow(version: Omit<StoredVersion, 'supersededBy'>): Selectable<HazardEventTable> {
  const { event } = version;
  return {
    id: version.id,
    event_id: version.eventId,
    source: event.source,
    source_id: event.sourceId,
    part: event.part,
    version_key: event.versionKey,
    sent: event.sent,
    status: event.status,
    msg_type: event.msgType,
    hazard_type: event.hazardType,
    severity: event.severity,
    urgency: event.urgency,
    certainty: event.certainty,
    onset: event.onset,
    effective: event.effective,
    expires: event.expires,
    countries: JSON.stringify(event.countries),
    area_kind: event.areaKind,
    magnitude: event.magnitude,
    depth_km: event.depthKm,
    headline: Object.values(event.headline)[0] ?? null,
    payload: JSON.stringify(event),
    superseded_by: null,
    origin: version.origin,
    received_at: version.receivedAt,
  };
}

/** Inserts a version unless its (source, sourceId, part, versionKey) exists; true when inserted. */
export async function insertVersion(db: Db, row: Selectable<HazardEventTable>): Promise<boolean> {
  const result = await db
    .insertInto('hazard_events')
    .values(row)
    .onConflict((conflict) =>
      conflict.columns(['source', 'source_id', 'part', 'version_key']).doNothing(),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findByVersionKey(db: Db, event: HazardEvent) {
  return db
    .selectFrom('hazard_events')
    .selectAll()
    .where('source', '=', event.source)
    .where('source_id', '=', event.sourceId)
    .where('part', '=', event.part)
    .where('version_key', '=', event.versionKey)
    .executeTakeFirst();
}

/** Latest stored version with this source id (and part, when given), by sent time. */
export async function findLatestBySourceId(
  db: Db,
  source: string,
  sourceId: string,
  part?: number,
) {
  let query = db
    .selectFrom('hazard_events')
    .selectAll()
    .where('source', '=', source)
    .where('source_id', '=', sourceId);
  if (part !== undefined) query = query.where('part', '=', part);
  return query.orderBy('sent', 'desc').orderBy('id', 'desc').executeTakeFirst();
}

/** Current (not superseded) versions of these source ids. */
export async function findCurrentBySourceIds(db: Db, source: string, sourceIds: string[]) {
  if (sourceIds.length === 0) return [];
  return db
    .selectFrom('hazard_events')
    .selectAll()
    .where('source', '=', source)
    .where('source_id', 'in', sourceIds)
    .where('superseded_by', 'is', null)
    .execute();
}

export async function findCurrentOfEvent(db: Db, eventId: string) {
  return db
    .selectFrom('hazard_events')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('superseded_by', 'is', null)
    .execute();
}

export async function markSuperseded(db: Db, ids: string[], by: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('hazard_events').set({ superseded_by: by }).where('id', 'in', ids).execute();
}

export async function getVersionRow(db: Db, id: string) {
  return db.selectFrom('hazard_events').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every version of an event, oldest first. */
export async function listVersionRows(db: Db, eventId: string) {
  return db
    .selectFrom('hazard_events')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('sent', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

export interface CurrentQuery {
  source?: string;
  /** Only versions received before this version id (ids sort by time), for paging. */
  before?: string;
  limit: number;
  /** Only events in force at this instant: not cancelled, and not expired before it. */
  activeAt?: string;
}

/** Current versions, newest received first. */
export async function listCurrentRows(db: Db, query: CurrentQuery) {
  let select = db
    .selectFrom('hazard_events')
    .selectAll()
    .where('superseded_by', 'is', null)
    .orderBy('id', 'desc');
  if (query.source) select = select.where('source', '=', query.source);
  if (query.before) select = select.where('id', '<', query.before);
  if (query.activeAt) {
    const at = query.activeAt;
    select = select
      .where('msg_type', '!=', 'cancel')
      .where((where) => where.or([where('expires', 'is', null), where('expires', '>', at)]));
  }
  return select.limit(query.limit).execute();
}

export async function listVersionRowsBySourceId(db: Db, source: string, sourceId: string) {
  return db
    .selectFrom('hazard_events')
    .selectAll()
    .where('source', '=', source)
    .where('source_id', '=', sourceId)
    .orderBy('sent', 'asc')
    .orderBy('id', 'asc')
    .execute();
}
