import type { Kysely } from 'kysely';
import { timestampColumn } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampColumn(db);
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('number', 'text', (col) => col.notNull().unique())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('priority', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('summary', 'text', (col) => col.notNull())
    .addColumn('details', 'text')
    .addColumn('traveler_id', 'text')
    .addColumn('mission_code', 'text')
    .addColumn('conversation_id', 'text')
    .addColumn('alert_id', 'text')
    .addColumn('assignee_id', 'text')
    .addColumn('closing_code', 'text')
    .addColumn('created_at', ts, (col) => col.notNull())
    .addColumn('updated_at', ts, (col) => col.notNull())
    .addColumn('closed_at', ts)
    .execute();
  await db.schema.createIndex('cases_status').on('cases').columns(['status', 'priority']).execute();
  await db.schema.createIndex('cases_mission').on('cases').column('mission_code').execute();
  await db.schema.createIndex('cases_traveler').on('cases').column('traveler_id').execute();

  await db.schema
    .createTable('case_notes')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id'))
    .addColumn('author_kind', 'text', (col) => col.notNull())
    .addColumn('author_id', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('created_at', ts, (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_notes').execute();
  await db.schema.dropTable('cases').execute();
}
