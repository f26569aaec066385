export { openDatabase, type DatabaseHandle, type DatabaseOptions } from './connect.js';
export type { Database } from './database.js';
export { dialectOf, timestampColumn, type DialectName } from './dialect.js';
export { migrateToLatest } from './migrate.js';
