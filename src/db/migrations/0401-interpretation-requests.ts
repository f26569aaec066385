import type { Kysely } from 'kysely';
import { timestampColumn } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampColumn(db);
  await db.schema
    .createTable('interpretation_requests')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('situation', 'text', (col) => col.notNull())
    .addColumn('conversation_id', 'text')
    .addColumn('traveler_id', 'text')
    .addColumn('phone', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('created_at', ts, (col) => col.notNull())
    .addColumn('updated_at', ts, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('interpretation_requests_queue')
    .on('interpretation_requests')
    .columns(['status', 'language', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('interpretation_requests').execute();
}
