import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { newId } from '../ids.js';
import type {
  ChatChannel,
  ChatLanguage,
  ChatMessageTable,
  ConversationStatus,
  ConversationTable,
  MessageAuthor,
} from './chat.tables.js';

export type FlowData = Record<string, unknown>;

export interface Conversation {
  id: string;
  channel: ChatChannel;
  userKey: string;
  plusfriendUserKey: string | null;
  travelerId: string | null;
  language: ChatLanguage;
  status: ConversationStatus;
  flow: string | null;
  flowStep: string | null;
  flowData: FlowData;
  priority: string | null;
  handoffReason: string | null;
  agentId: string | null;
  caseId: string | null;
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string;
  handedOffAt: string | null;
  assignedAt: string | null;
}

export interface ChatMessage {
  id: string;
  conversationId: string;
  author: MessageAuthor;
  agentId: string | null;
  text: string;
  payload: unknown;
  createdAt: string;
  deliveredAt: string | null;
}

export interface OpenConversationInput {
  channel: ChatChannel;
  userKey: string;
  plusfriendUserKey?: string | null;
  language: ChatLanguage;
}

/** Returns the user's conversation on a channel, creating it on first contact. */
export async function openConversation(
  db: Kysely<Database>,
  input: OpenConversationInput,
  now: string,
): Promise<Conversation> {
  const existing = await findByUser(db, input.channel, input.userKey);
  if (existing) return existing;

  await db
    .insertInto('conversations')
    .values({
      id: newId(),
      channel: input.channel,
      user_key: input.userKey,
      plusfriend_user_key: input.plusfriendUserKey ?? null,
      traveler_id: null,
      language: input.language,
      status: 'bot',
      flow: null,
      flow_step: null,
      flow_data: null,
      priority: null,
      handoff_reason: null,
      agent_id: null,
      case_id: null,
      created_at: now,
      updated_at: now,
      last_message_at: now,
      handed_off_at: null,
      assigned_at: null,
    })
    // Two first messages of one user may race; the unique key keeps one row.
    .onConflict((conflict) => conflict.columns(['channel', 'user_key']).doNothing())
    .execute();
  return (await findByUser(db, input.channel, input.userKey))!;
}

export async function findByUser(db: Kysely<Database>, channel: ChatChannel, userKey: string) {
  const row = await db
    .selectFrom('conversations')
    .selectAll()
    .where('channel', '=', channel)
    .where('user_key', '=', userKey)
    .executeTakeFirst();
  return row ? toConversation(row) : undefined;
}

export async function getConversation(db: Kysely<Database>, id: string) {
  const row = await db
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toConversation(row) : undefined;
}

export type ConversationPatch = Partial<Omit<ConversationTable, 'id' | 'channel' | 'user_key'>>;

export async function updateConversation(
  db: Kysely<Database>,
  id: string,
  patch: ConversationPatch,
): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set(patch)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface NewMessage {
  /** Set when the id must be taken before the insert, to keep messages in time order. */
  id?: string;
  conversationId: string;
  author: MessageAuthor;
  text: string;
  agentId?: string | null;
  payload?: unknown;
  deliveredAt?: string | null;
}

export async function addMessage(
  db: Kysely<Database>,
  message: NewMessage,
  now: string,
): Promise<ChatMessage> {
  const [stored] = await addMessages(db, [message], now);
  return stored;
}

/** Inserts several messages in one statement, in the order given. */
export async function addMessages(
  db: Kysely<Database>,
  messages: NewMessage[],
  now: string,
): Promise<ChatMessage[]> {
  if (messages.length === 0) return [];
  const rows: ChatMessageTable[] = messages.map((message) => ({
    id: message.id ?? newId(),
    conversation_id: message.conversationId,
    author: message.author,
    agent_id: message.agentId ?? null,
    text: message.text,
    payload: message.payload === undefined ? null : JSON.stringify(message.payload),
    created_at: now,
    delivered_at: message.deliveredAt ?? null,
  }));
  await db.insertInto('chat_messages').values(rows).execute();
  return rows.map(toMessage);
}

export interface MessageQuery {
  /** Only messages with ids above this one (ids sort by time). */
  after?: string;
  limit?: number;
}

/** Lists a conversation's messages, oldest first. */
export async function listMessages(
  db: Kysely<Database>,
  conversationId: string,
  query: MessageQuery = {},
): Promise<ChatMessage[]> {
  let select = db
    .selectFrom('chat_messages')
    .selectAll()
    .where('conversation_id', '=', conversationId);
  if (query.after) select = select.where('id', '>', query.after);
  const rows = await select
    .orderBy('id', 'asc')
    .limit(query.limit ?? 200)
    .execute();
  return rows.map(toMessage);
}

/** Agent and system messages the user's channel has not accepted yet, oldest first. */
export async function listUndelivered(db: Kysely<Database>, conversationId: string) {
  const rows = await db
    .selectFrom('chat_messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('author', 'in', ['agent', 'system'])
    .where('delivered_at', 'is', null)
    .orderBy('id', 'asc')
    .execute();
  return rows.map(toMessage);
}

export async function markDelivered(db: Kysely<Database>, ids: string[], at: string) {
  if (ids.length === 0) return;
  await db
    .updateTable('chat_messages')
    .set({ delivered_at: at })
    .where('id', 'in', ids)
    .where('delivered_at', 'is', null)
    .execute();
}

export interface QueueQuery {
  status?: ConversationStatus[];
  agentId?: string;
  limit?: number;
}

const priorityRank: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Lists conversations handed to people: most urgent first, then longest waiting. */
export async function listHandedOff(db: Kysely<Database>, query: QueueQuery) {
  let select = db
    .selectFrom('conversations')
    .selectAll()
    .where('status', 'in', query.status ?? ['waiting', 'agent']);
  if (query.agentId) select = select.where('agent_id', '=', query.agentId);
  const rows = await select
    .orderBy('handed_off_at', 'asc')
    .limit(query.limit ?? 200)
    .execute();
  return rows
    .map(toConversation)
    .sort(
      (a, b) =>
        (priorityRank[a.priority ?? 'normal'] ?? 2) - (priorityRank[b.priority ?? 'normal'] ?? 2),
    );
}

/** Deletes the conversations of travelers with their messages; returns how many. */
export async function deleteForTravelers(db: Kysely<Database>, travelerIds: string[]) {
  if (travelerIds.length === 0) return 0;
  const owned = db.selectFrom('conversations').select('id').where('traveler_id', 'in', travelerIds);
  await db.deleteFrom('chat_messages').where('conversation_id', 'in', owned).execute();
  const result = await db
    .deleteFrom('conversations')
    .where('traveler_id', 'in', travelerIds)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Deletes conversations without a traveler that were idle since before `cutoff`, with their
 * messages. A person who never registered has no stay, so the stay-based retention misses them.
 */
export async function deleteIdleAnonymous(db: Kysely<Database>, cutoff: string) {
  const idle = db
    .selectFrom('conversations')
    .select('id')
    .where('traveler_id', 'is', null)
    .where('status', '=', 'bot')
    .where('last_message_at', '<', cutoff);
  await db.deleteFrom('chat_messages').where('conversation_id', 'in', idle).execute();
  const result = await db
    .deleteFrom('conversations')
    .where('traveler_id', 'is', null)
    .where('status', '=', 'bot')
    .where('last_message_at', '<', cutoff)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

function toConversation(row: ConversationTable): Conversation {
  return {
    id: row.id,
    channel: row.channel,
    userKey: row.user_key,
    plusfriendUserKey: row.plusfriend_user_key,
    travelerId: row.traveler_id,
    language: row.language,
    status: row.status,
    flow: row.flow,
    flowStep: row.flow_step,
    flowData: row.flow_data ? (JSON.parse(row.flow_data) as FlowData) : {},
    priority: row.priority,
    handoffReason: row.handoff_reason,
    agentId: row.agent_id,
    caseId: row.case_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastMessageAt: row.last_message_at,
    handedOffAt: row.handed_off_at,
    assignedAt: row.assigned_at,
  };
}

function toMessage(row: ChatMessageTable): ChatMessage {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    author: row.author,
    agentId: row.agent_id,
    text: row.text,
    payload: row.payload ? (JSON.parse(row.payload) as unknown) : null,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}
