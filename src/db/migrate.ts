import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { dialectOf } from './dialect.js';

const migrationFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export class MigrationError extends Error {
  constructor(migration: string, cause: unknown) {
    super(`migration ${migration} failed: ${(cause as Error)?.message ?? String(cause)}`, {
      cause,
    });
    this.name = 'MigrationError';
  }
}

/**
 * Loads every `NNNN-name.ts` file of the migrations folder. The import runs from this module,
 * not from inside Kysely, so the TypeScript loader in use (tsx or vitest) compiles the files.
 */
class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = readdirSync(migrationFolder)
      .filter((file) => /^\d{4}-[\w-]+\.(ts|js)$/.test(file))
      .sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const url = pathToFileURL(path.join(migrationFolder, file)).href;
      migrations[file.replace(/\.(ts|js)$/, '')] = (await import(url)) as Migration;
    }
    return migrations;
  }
}

/**
 * Applies every pending migration in name order. Kysely takes a lock first, so several processes
 * that start at once apply each migration exactly once.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Kysely looks for its migration tables in every schema unless told one; a lock table in
  // another schema of the same database (a parallel test run) would then be taken for ours.
  const schema = dialectOf(db) === 'postgres' ? await currentSchema(db) : undefined;
  const migrator = new Migrator({
    db,
    provider: new FolderMigrationProvider(),
    migrationTableSchema: schema,
  });
  const outcome = await migrator.migrateToLatest();
  const failed = outcome.results?.find((result) => result.status === 'Error');
  if (outcome.error) throw new MigrationError(failed?.migrationName ?? 'unknown', outcome.error);
  return (outcome.results ?? []).map((result) => result.migrationName);
}

async function currentSchema(db: Kysely<any>): Promise<string> {
  const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return result.rows[0].schema;
}
