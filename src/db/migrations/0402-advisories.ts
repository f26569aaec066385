import type { Kysely } from 'kysely';
import { timestampColumn } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampColumn(db);

  await db.schema
    .createTable('advisory_imports')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('as_of', 'text', (col) => col.notNull())
    .addColumn('complete', 'integer', (col) => col.notNull())
    .addColumn('countries', 'text', (col) => col.notNull())
    .addColumn('origin', 'text', (col) => col.notNull())
    .addColumn('imported_at', ts, (col) => col.notNull())
    .execute();

  for (const table of ['advisory_levels', 'special_advisories']) {
    let create = db.schema
      .createTable(table)
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('import_id', 'text', (col) => col.notNull())
      .addColumn('country', 'text', (col) => col.notNull());
    if (table === 'advisory_levels') create = create.addColumn('level', 'integer');
    await create
      .addColumn('region_scope', 'text', (col) => col.notNull())
      .addColumn('remark', 'text', (col) => col.notNull())
      .addColumn('written_date', 'text')
      .execute();
    await db.schema.createIndex(`${table}_country`).on(table).column('country').execute();
  }

  await db.schema
    .createTable('safety_notices')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('import_id', 'text', (col) => col.notNull())
    .addColumn('country', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('category', 'text')
    .addColumn('written_date', 'text')
    .execute();
  await db.schema
    .createIndex('safety_notices_country')
    .on('safety_notices')
    .columns(['country', 'written_date'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'safety_notices',
    'special_advisories',
    'advisory_levels',
    'advisory_imports',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
