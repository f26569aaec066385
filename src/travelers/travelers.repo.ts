import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { StayTable, TravelerTable } from './travelers.tables.js';

export interface Traveler {
  id: string;
  ref: string | null;
  name: string | null;
  phone: string | null;
  kakaoUserKey: string | null;
  email: string | null;
  language: string;
  consentVersion: string | null;
  consentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Stay {
  id: string;
  travelerId: string;
  country: string;
  cityId: number | null;
  placeName: string;
  lon: number;
  lat: number;
  timeZone: string;
  startDate: string;
  endDate: string;
  missionCode: string | null;
}

export function toTraveler(row: TravelerTable): Traveler {
  return {
    id: row.id,
    ref: row.ref,
    name: row.name,
    phone: row.phone,
    kakaoUserKey: row.kakao_user_key,
    email: row.email,
    language: row.language,
    consentVersion: row.consent_version,
    consentAt: row.consent_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toStay(row: StayTable): Stay {
  return {
    id: row.id,
    travelerId: row.traveler_id,
    country: row.country,
    cityId: row.city_id,
    placeName: row.place_name,
    lon: Number(row.lon),
    lat: Number(row.lat),
    timeZone: row.time_zone,
    startDate: row.start_date,
    endDate: row.end_date,
    missionCode: row.mission_code,
  };
}

/**
 * Raises the stays revision and records which stays changed at it. Call in every transaction
 * that inserts, updates or deletes stays. The row lock on the counter also orders concurrent
 * writers, so revisions commit in increasing order.
 */
export async function bumpStayRevision(trx: Kysely<Database>, stayIds: string[]): Promise<void> {
  await trx
    .updateTable('stay_revision')
    .set({ revision: sql`revision + 1` })
    .where('id', '=', 1)
    .execute();
  const revision = await readStayRevision(trx);
  for (let offset = 0; offset < stayIds.length; offset += 1000) {
    const rows = stayIds.slice(offset, offset + 1000).map((stay_id) => ({ revision, stay_id }));
    await trx.insertInto('stay_changes').values(rows).execute();
  }
}

export async function readStayRevision(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('stay_revision')
    .select('revision')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.revision);
}

export async function findTravelerRow(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('travelers')
    .selectAll()
    .where('id', '=', id)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
}

export async function staysOf(db: Kysely<Database>, travelerIds: string[]): Promise<Stay[]> {
  if (travelerIds.length === 0) return [];
  const rows = await db
    .selectFrom('stays')
    .selectAll()
    .where('traveler_id', 'in', travelerIds)
    .orderBy('start_date')
    .execute();
  return rows.map(toStay);
}
