export type ChatChannel = 'kakao' | 'web';
export type ConversationStatus = 'bot' | 'waiting' | 'agent';
export type ChatLanguage = 'ko' | 'en';
export type MessageAuthor = 'user' | 'bot' | 'agent' | 'system';

/**
 * One conversation per user and channel. It keeps its row for life: closing a hand-off returns
 * it to the bot (`status` 'bot') rather than creating a new conversation.
 */
export interface ConversationTable {
  id: string;
  channel: ChatChannel;
  /** Kakao botUserKey, or the SHA-256 hex of a web chat session token. Personal data. */
  user_key: string;
  plusfriend_user_key: string | null;
  traveler_id: string | null;
  language: ChatLanguage;
  status: ConversationStatus;
  /** The menu flow in progress and its step, with the answers collected so far as JSON. */
  flow: string | null;
  flow_step: string | null;
  flow_data: string | null;
  /** Set while waiting for or talking to an agent: urgent, high, normal or low. */
  priority: string | null;
  handoff_reason: string | null;
  agent_id: string | null;
  case_id: string | null;
  created_at: string;
  updated_at: string;
  last_message_at: string;
  handed_off_at: string | null;
  assigned_at: string | null;
}

export interface ChatMessageTable {
  id: string;
  conversation_id: string;
  author: MessageAuthor;
  agent_id: string | null;
  text: string;
  /** The structured reply (cards, quick replies) as JSON, for bot messages. */
  payload: string | null;
  created_at: string;
  /** For agent messages: when the user's channel accepted it; null while pending. */
  delivered_at: string | null;
}

declare module '../db/database.js' {
  interface Database {
    conversations: ConversationTable;
    chat_messages: ChatMessageTable;
  }
}
