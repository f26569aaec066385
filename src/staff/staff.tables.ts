export interface StaffTable {
  id: string;
  email: string;
  role: string;
  mission_code: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface StaffTokenTable {
  id: string;
  staff_id: string;
  /** SHA-256 of the token in hex; the token itself is shown once and never stored. */
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

declare module '../db/database.js' {
  interface Database {
    staff: StaffTable;
    staff_tokens: StaffTokenTable;
  }
}
