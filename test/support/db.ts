import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { closeContext, openContext, type AppContext } from '../../src/context.js';
import { createLogger } from '../../src/log.js';
import type { DialectName } from '../../src/db/dialect.js';

export const postgresUrl = process.env.DATABASE_URL;

/** Returns the dialects every database test runs on: SQLite, and PostgreSQL with DATABASE_URL. */
export function testDialects(): DialectName[] {
  return postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestContext {
  ctx: AppContext;
  /** Variables that point a child process at the same database and data folder. */
  env: Record<string, string>;
  dataDir: string;
  cleanup(): Promise<void>;
}

/**
 * Creates a context on a database of its own: a new SQLite file in a new temporary folder, or a
 * new PostgreSQL schema. `cleanup` drops it, so parallel runs and runs after a crash never see
 * each other's rows.
 */
export async function createTestContext(
  dialect: DialectName,
  overrides: Record<string, string> = {},
): Promise<TestContext> {
  const dataDir = mkdtempSync(join(tmpdir(), 'abroad-test-'));
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const env: Record<string, string> = {
    ABROAD_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(dialect === 'postgres' ? { DATABASE_URL: postgresUrl!, ABROAD_DB_SCHEMA: schema } : {}),
    ...overrides,
  };
  const config = loadConfig(env);
  const ctx = await openContext(config, createLogger(config.logLevel));

  return {
    ctx,
    env,
    dataDir,
    cleanup: async () => {
      await closeContext(ctx);
      if (dialect === 'postgres') await dropSchema(schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/**
 * Runs a suite once per dialect, each on a fresh database created before the suite and dropped
 * after it. The suite body reads the context through the getter inside its tests.
 */
export function forEachDialect(
  name: string,
  body: (get: () => TestContext, dialect: DialectName) => void,
  overrides: Record<string, string> = {},
): void {
  for (const dialect of testDialects()) {
    describe(`${name} [${dialect}]`, () => {
      let test: TestContext | undefined;
      beforeAll(async () => {
        test = await createTestContext(dialect, overrides);
      });
      afterAll(async () => {
        await test?.cleanup();
      });
      body(() => {
        if (!test) throw new Error('test context is not ready: beforeAll has not run');
        return test;
      }, dialect);
    });
  }
}

/** Counts rows of a table, for assertions. */
export async function countRows(ctx: AppContext, table: string): Promise<number> {
  const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(
    ctx.db,
  );
  return Number(result.rows[0].n);
}

/** Returns every row of every table as JSON text, to search the database for leftovers. */
export async function allTableText(ctx: AppContext): Promise<string> {
  const tables =
    ctx.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
          ctx.db,
        )
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(
          ctx.db,
        );
  let text = '';
  for (const { name } of tables.rows) {
    text += JSON.stringify((await sql`select * from ${sql.table(name)}`.execute(ctx.db)).rows);
  }
  return text;
}
