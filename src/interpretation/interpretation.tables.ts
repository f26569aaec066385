/** One request for a 3-way phone interpreter, made from chat. */
export interface InterpretationRequestTable {
  id: string;
  /** ISO 639-1: en, zh, ja, vi, fr, ru or es. */
  language: string;
  /** police, immigration, transport, hospital, lodging or other. */
  situation: string;
  conversation_id: string | null;
  traveler_id: string | null;
  /** E.164 number the interpreter calls. Personal data. */
  phone: string;
  status: string;
  created_at: string;
  updated_at: string;
}

declare module '../db/database.js' {
  interface Database {
    interpretation_requests: InterpretationRequestTable;
  }
}
