import type { Kysely } from 'kysely';
import { createClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { openDatabase, migrateToLatest, type DialectName } from './db/index.js';
import type { Database } from './db/database.js';
import type { Logger } from './log.js';

/** What every service function, route and job works with. */
export interface AppContext {
  config: Config;
  db: Kysely<Database>;
  dialect: DialectName;
  log: Logger;
  clock: Clock;
}

export interface OpenContextOptions {
  migrate?: boolean;
  /** SQLite file inside the data folder; tests pass one per suite. */
  sqliteFile?: string;
}

/** Opens the database named by the config, applies migrations, and returns the context. */
export async function openContext(
  config: Config,
  log: Logger,
  options: OpenContextOptions = {},
): Promise<AppContext> {
  const handle = await openDatabase({ ...config, sqliteFile: options.sqliteFile });
  if (options.migrate ?? true) {
    const applied = await migrateToLatest(handle.db);
    if (applied.length > 0) {
      log.info({ component: 'db', migrations: applied }, 'applied migrations');
    }
  }
  log.debug({ component: 'db', location: handle.location }, 'database open');
  return {
    config,
    db: handle.db,
    dialect: handle.dialect,
    log,
    clock: createClock(config),
  };
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.db.destroy();
}
