import { sql, type Kysely } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

const dialects = new WeakMap<object, DialectName>();

/** Records which SQL dialect a Kysely instance speaks; called once when it is created. */
export function setDialect(db: Kysely<any>, dialect: DialectName): void {
  dialects.set(db, dialect);
}

/** Returns the dialect of a Kysely instance or of a transaction opened from it. */
export function dialectOf(db: Kysely<any>): DialectName {
  const known = dialects.get(db);
  if (known) return known;
  const adapter = db.getExecutor().adapter.constructor.name;
  return adapter.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

/**
 * Column type for instants. PostgreSQL keeps them as timestamptz; SQLite as UTC ISO 8601 text
 * with milliseconds, which sorts and compares correctly as text. Both read back as ISO strings.
 */
export function timestampColumn(db: Kysely<any>) {
  return dialectOf(db) === 'postgres' ? sql`timestamptz` : sql`text`;
}

/** Column type for large text documents and JSON stored as text. */
export function textColumn() {
  return sql`text`;
}
