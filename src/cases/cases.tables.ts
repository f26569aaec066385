export interface CaseTable {
  id: string;
  /** Human-readable number staff quote on the phone, e.g. C-20261204-7F3A. */
  number: string;
  kind: string;
  priority: 'urgent' | 'high' | 'normal' | 'low';
  status: 'open' | 'in-progress' | 'transferred' | 'closed';
  summary: string;
  details: string | null;
  traveler_id: string | null;
  mission_code: string | null;
  conversation_id: string | null;
  alert_id: string | null;
  assignee_id: string | null;
  closing_code: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface CaseNoteTable {
  id: string;
  case_id: string;
  author_kind: string;
  author_id: string;
  body: string;
  created_at: string;
}

declare module '../db/database.js' {
  interface Database {
    cases: CaseTable;
    case_notes: CaseNoteTable;
  }
}
