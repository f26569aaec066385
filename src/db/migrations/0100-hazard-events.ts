import type { Kysely } from 'kysely';
import { textColumn, timestampColumn } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampColumn(db);

  await db.schema
    .createTable('hazard_events')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('source_id', 'text', (col) => col.notNull())
    .addColumn('part', 'integer', (col) => col.notNull())
    .addColumn('version_key', 'text', (col) => col.notNull())
    .addColumn('sent', ts, (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('msg_type', 'text', (col) => col.notNull())
    .addColumn('hazard_type', 'text', (col) => col.notNull())
    .addColumn('severity', 'text', (col) => col.notNull())
    .addColumn('urgency', 'text', (col) => col.notNull())
    .addColumn('certainty', 'text', (col) => col.notNull())
    .addColumn('onset', ts)
    .addColumn('effective', ts)
    .addColumn('expires', ts)
    .addColumn('countries', 'text', (col) => col.notNull())
    .addColumn('area_kind', 'text', (col) => col.notNull())
    .addColumn('magnitude', 'double precision')
    .addColumn('depth_km', 'double precision')
    .addColumn('headline', 'text')
    .addColumn('payload', textColumn(), (col) => col.notNull())
    .addColumn('superseded_by', 'text')
    .addColumn('origin', 'text', (col) => col.notNull())
    .addColumn('received_at', ts, (col) => col.notNull())
    .addUniqueConstraint('hazard_events_version', ['source', 'source_id', 'part', 'version_key'])
    .execute();
  await db.schema
    .createIndex('hazard_events_event')
    .on('hazard_events')
    .column('event_id')
    .execute();
  await db.schema
    .createIndex('hazard_events_current')
    .on('hazard_events')
    .columns(['superseded_by', 'sent'])
    .execute();

  await db.schema
    .createTable('hazard_feed_state')
    .addColumn('url', 'text', (col) => col.primaryKey())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('failures', 'integer', (col) => col.notNull())
    .addColumn('next_poll_at', ts, (col) => col.notNull())
    .addColumn('last_polled_at', ts)
    .addColumn('last_outcome', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('hazard_feed_state').execute();
  await db.schema.dropTable('hazard_events').execute();
}
