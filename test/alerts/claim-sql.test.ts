import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { claimDueQuery } from '../../src/alerts/deliveries.repo.js';
import type { Database } from '../../src/db/database.js';
import { setDialect } from '../../src/db/dialect.js';

const options = {
  workerId: 'w1',
  limit: 200,
  now: new Date('2026-01-01T00:00:00Z'),
  leaseMs: 60_000,
};

describe('claim statement', () => {
  it('skips locked rows on PostgreSQL', () => {
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool() }) });
    setDialect(db, 'postgres');
    expect(claimDueQuery(db, options).compile().sql).toBe(
      'update "deliveries" set "state" = $1, "lease_owner" = $2, "lease_until" = $3, "attempts" = attempts + 1, "updated_at" = $4 ' +
        'where "id" in (select "id" from "deliveries" where "state" = $5 and "due_at" <= $6 order by "due_at" limit $7 for update skip locked) returning *',
    );
  });

  it('is one UPDATE ... RETURNING on SQLite', () => {
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: new SQLite(':memory:') }),
    });
    setDialect(db, 'sqlite');
    expect(claimDueQuery(db, options).compile().sql).toBe(
      'update "deliveries" set "state" = ?, "lease_owner" = ?, "lease_until" = ?, "attempts" = attempts + 1, "updated_at" = ? ' +
        'where "id" in (select "id" from "deliveries" where "state" = ? and "due_at" <= ? order by "due_at" limit ?) returning *',
    );
  });
});
