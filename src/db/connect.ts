import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { setDialect, type DialectName } from './dialect.js';

// timestamptz comes back as an ISO string, the same form SQLite stores, so code above the data
// layer never sees a Date from one dialect and a string from the other.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (value) => new Date(value).toISOString());
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dbSchema: string;
  dataDir: string;
  /** SQLite file name inside dataDir; tests give each suite a file of its own. */
  sqliteFile?: string;
  poolSize?: number;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, for log lines: a file path or the PostgreSQL host and schema. */
  location: string;
}

/** Opens SQLite under the data folder, or PostgreSQL when a URL is given. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  return openSqlite(options);
}

function openSqlite(options: DatabaseOptions): DatabaseHandle {
  mkdirSync(options.dataDir, { recursive: true });
  const file = join(options.dataDir, options.sqliteFile ?? 'abroad.sqlite');
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 10000');
  // Erased personal data must not linger in free pages of the file.
  database.pragma('secure_delete = ON');

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  setDialect(db, 'sqlite');
  return { db, dialect: 'sqlite', location: file };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  const schema = options.dbSchema;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Every connection resolves unqualified table names in the configured schema first.
    options: `-c search_path=${schema},public -c TimeZone=UTC`,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  setDialect(db, 'postgres');
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);

  const host = new URL(url).host;
  return { db, dialect: 'postgres', location: `${host} schema ${schema}` };
}
