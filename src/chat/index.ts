import './chat.tables.js';

export type { ChatChannel, ChatLanguage, ConversationStatus } from './chat.tables.js';
export type { ChatMessage, Conversation } from './chat.repo.js';
export { handleMessage, type IncomingMessage, type TurnResult } from './engine.js';
export type { ChatReply, ChatCard, QuickOption } from './reply.js';
export { messagesFor, type Messages } from './messages/index.js';
export { detectEmergency, type EmergencyKind } from './emergency.js';
export { chatRetentionJob, eraseChatCopies } from './chat.retention.js';
