import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { handleMessage, type ChatMessage } from '../../chat/index.js';
import { findByUser, listMessages, markDelivered, openConversation } from '../../chat/chat.repo.js';

/**
 * Web chat sessions. The browser keeps a random token; the server stores only its SHA-256, as
 * the conversation's user key, so a database reader cannot take over a visitor's chat.
 */
export function newSessionToken(): string {
  return randomBytes(24).toString('base64url');
}

export function userKeyOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const tokenPattern = /^[A-Za-z0-9_-]{32}$/;

/** A message as the web page draws it. */
export interface WebMessage {
  id: string;
  author: ChatMessage['author'];
  text: string;
  /** For bot and system messages: quick replies and the card, as the engine built them. */
  reply: unknown;
  createdAt: string;
}

function toWeb(message: ChatMessage): WebMessage {
  return {
    id: message.id,
    author: message.author,
    text: message.text,
    reply: message.payload,
    createdAt: message.createdAt,
  };
}

/** Starts a session: a new token and its conversation, greeted like any first contact. */
export async function startSession(ctx: AppContext, language: 'ko' | 'en') {
  const token = newSessionToken();
  const at = ctx.clock.real().toISOString();
  await openConversation(ctx.db, { channel: 'web', userKey: userKeyOf(token), language }, at);
  return { token };
}

export async function sendWebMessage(ctx: AppContext, token: string, text: string) {
  const result = await handleMessage(ctx, { channel: 'web', userKey: userKeyOf(token), text });
  return { status: result.conversation.status, silent: result.reply.silent === true };
}

/**
 * Returns the session's messages after an id, oldest first, and marks the agent messages among
 * them as delivered: the page shows what it fetches.
 */
export async function webMessagesAfter(ctx: AppContext, token: string, after?: string) {
  const conversation = await findByUser(ctx.db, 'web', userKeyOf(token));
  if (!conversation) return undefined;
  const messages = await listMessages(ctx.db, conversation.id, { after, limit: 200 });
  const pending = messages.filter(
    (message) => message.author !== 'user' && message.author !== 'bot' && !message.deliveredAt,
  );
  await markDelivered(
    ctx.db,
    pending.map((message) => message.id),
    ctx.clock.real().toISOString(),
  );
  return { status: conversation.status, messages: messages.map(toWeb) };
}
