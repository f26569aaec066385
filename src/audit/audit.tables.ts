export interface AuditLogTable {
  id: string;
  at: string;
  actor_kind: 'staff' | 'traveler' | 'system';
  actor_id: string;
  action: string;
  entity_type: string;
  entity_id: string;
  details: string | null;
}

declare module '../db/database.js' {
  interface Database {
    audit_log: AuditLogTable;
  }
}
