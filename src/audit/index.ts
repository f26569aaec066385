import './audit.tables.js';

export {
  recordAudit,
  listAudit,
  type Actor,
  type AuditEntry,
  type AuditRecord,
} from './audit.repo.js';
export { registerAuditCommands } from './audit.cli.js';
export { registerAuditRoutes } from './audit.routes.js';
