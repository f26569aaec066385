import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Which stays changed at which revision, so a process can patch its targeting index with
  // the stays changed since it was built instead of reloading every stay.
  await db.schema
    .createTable('stay_changes')
    .addColumn('revision', 'bigint', (col) => col.notNull())
    .addColumn('stay_id', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('stay_changes_revision')
    .on('stay_changes')
    .column('revision')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stay_changes').execute();
}
