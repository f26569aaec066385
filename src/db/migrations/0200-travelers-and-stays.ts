import type { Kysely } from 'kysely';
import { timestampColumn } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampColumn(db);

  await db.schema
    .createTable('travelers')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('ref', 'text', (col) => col.unique())
    .addColumn('name', 'text')
    .addColumn('phone', 'text')
    .addColumn('kakao_user_key', 'text', (col) => col.unique())
    .addColumn('email', 'text')
    .addColumn('language', 'text', (col) => col.notNull().defaultTo('ko'))
    .addColumn('consent_version', 'text')
    .addColumn('consent_at', ts)
    .addColumn('created_at', ts, (col) => col.notNull())
    .addColumn('updated_at', ts, (col) => col.notNull())
    .addColumn('erased_at', ts)
    .execute();

  await db.schema
    .createTable('stays')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('traveler_id', 'text', (col) => col.notNull().references('travelers.id'))
    .addColumn('country', 'text', (col) => col.notNull())
    .addColumn('city_id', 'integer')
    .addColumn('place_name', 'text', (col) => col.notNull())
    .addColumn('lon', 'double precision', (col) => col.notNull())
    .addColumn('lat', 'double precision', (col) => col.notNull())
    .addColumn('time_zone', 'text', (col) => col.notNull())
    .addColumn('start_date', 'text', (col) => col.notNull())
    .addColumn('end_date', 'text', (col) => col.notNull())
    .addColumn('mission_code', 'text')
    .addColumn('created_at', ts, (col) => col.notNull())
    .addColumn('updated_at', ts, (col) => col.notNull())
    .addUniqueConstraint('stays_traveler_country_start', ['traveler_id', 'country', 'start_date'])
    .execute();
  await db.schema.createIndex('stays_end_date').on('stays').column('end_date').execute();
  await db.schema.createIndex('stays_mission').on('stays').column('mission_code').execute();

  // One row whose counter rises with every change to stays, so each process knows when its
  // in-memory targeting index is stale without scanning the table.
  await db.schema
    .createTable('stay_revision')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('revision', 'bigint', (col) => col.notNull())
    .execute();
  await db.insertInto('stay_revision').values({ id: 1, revision: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stay_revision').execute();
  await db.schema.dropTable('stays').execute();
  await db.schema.dropTable('travelers').execute();
}
