import { recordAudit, type Actor } from '../audit/index.js';
import type { AppContext } from '../context.js';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../server/errors.js';
import type { StaffPrincipal } from '../staff/index.js';
import {
  addMessage,
  getConversation,
  listHandedOff,
  listMessages,
  markDelivered,
  updateConversation,
  type ChatMessage,
  type Conversation,
} from './chat.repo.js';
import { mainMenu } from './menu.js';
import { messagesFor } from './messages/index.js';
import { reply } from './reply.js';

/**
 * Sends an agent's message to the user's channel at once, where the channel allows it (Kakao's
 * Event API), and returns true when the channel accepted it. A message not accepted waits and
 * reaches the user with the next reply (Kakao) or the next poll (web chat).
 */
export type AgentMessageSender = (
  ctx: AppContext,
  conversation: Conversation,
  message: ChatMessage,
) => Promise<boolean>;

const senders = new WeakMap<object, AgentMessageSender>();

/** Sets how agent messages reach users of the server that owns this context. */
export function setAgentMessageSender(ctx: AppContext, next: AgentMessageSender): void {
  senders.set(ctx.db, next);
}

export type QueueView = 'waiting' | 'mine' | 'open';

/** A conversation as agents see it; the channel's user key is never shown. */
export interface ConversationSummary {
  id: string;
  channel: string;
  status: string;
  priority: string | null;
  reason: string | null;
  caseId: string | null;
  travelerId: string | null;
  language: string;
  agentId: string | null;
  handedOffAt: string | null;
  assignedAt: string | null;
  lastMessageAt: string;
}

export function summarize(conversation: Conversation): ConversationSummary {
  return {
    id: conversation.id,
    channel: conversation.channel,
    status: conversation.status,
    priority: conversation.priority,
    reason: conversation.handoffReason,
    caseId: conversation.caseId,
    travelerId: conversation.travelerId,
    language: conversation.language,
    agentId: conversation.agentId,
    handedOffAt: conversation.handedOffAt,
    assignedAt: conversation.assignedAt,
    lastMessageAt: conversation.lastMessageAt,
  };
}

/** Lists the queue (waiting), the caller's conversations (mine), or both (open). */
export async function listQueue(ctx: AppContext, staff: StaffPrincipal, view: QueueView) {
  const status = view === 'waiting' ? (['waiting'] as const) : (['waiting', 'agent'] as const);
  const rows = await listHandedOff(ctx.db, {
    status: view === 'mine' ? ['agent'] : [...status],
    agentId: view === 'mine' ? staff.id : undefined,
  });
  return rows.map(summarize);
}

export async function readConversation(ctx: AppContext, id: string) {
  const conversation = await requireConversation(ctx, id);
  const messages = await listMessages(ctx.db, id, { limit: 500 });
  return { conversation: summarize(conversation), messages };
}

async function requireConversation(ctx: AppContext, id: string): Promise<Conversation> {
  const conversation = await getConversation(ctx.db, id);
  if (!conversation) throw new NotFoundError('conversation', id);
  return conversation;
}

function staffActor(staff: StaffPrincipal): Actor {
  return { kind: 'staff', id: staff.id, email: staff.email };
}

/**
 * Takes a conversation for the calling agent. An agent may take a waiting conversation or keep
 * its own; an admin may also take one over from another agent.
 */
export async function claimConversation(ctx: AppContext, id: string, staff: StaffPrincipal) {
  const conversation = await requireConversation(ctx, id);
  if (conversation.status === 'agent' && conversation.agentId === staff.id)
    return summarize(conversation);
  if (conversation.status === 'bot') {
    throw new ConflictError(
      'not-handed-off',
      `conversation ${id} is with the bot; the user has not asked for an agent`,
    );
  }
  if (conversation.status === 'agent' && staff.role !== 'admin') {
    throw new ConflictError(
      'taken',
      `conversation ${id} belongs to another agent; ask an admin to reassign it`,
    );
  }

  const at = ctx.clock.real().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await updateConversation(trx, id, {
      status: 'agent',
      agent_id: staff.id,
      assigned_at: at,
      updated_at: at,
    });
    await recordAudit(trx, {
      actor: staffActor(staff),
      action: 'conversation.claim',
      entityType: 'conversation',
      entityId: id,
      details: { previousAgentId: conversation.agentId },
    });
  });
  return summarize({ ...conversation, status: 'agent', agentId: staff.id, assignedAt: at });
}

/** Sends an agent's message; a waiting conversation is taken by the sender first. */
export async function replyAsAgent(
  ctx: AppContext,
  id: string,
  staff: StaffPrincipal,
  text: string,
) {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 1000) {
    throw new ValidationError([
      {
        field: 'text',
        value: text.length > 40 ? `${text.slice(0, 40)}…` : text,
        message: 'expected 1 to 1,000 characters, the maximum of one Kakao text bubble',
      },
    ]);
  }
  await claimConversation(ctx, id, staff);
  const conversation = await requireConversation(ctx, id);

  const at = ctx.clock.real().toISOString();
  const message = await ctx.db.transaction().execute(async (trx) => {
    const stored = await addMessage(
      trx,
      { conversationId: id, author: 'agent', agentId: staff.id, text: trimmed },
      at,
    );
    await updateConversation(trx, id, { updated_at: at });
    await recordAudit(trx, {
      actor: staffActor(staff),
      action: 'conversation.reply',
      entityType: 'conversation',
      entityId: id,
      details: { messageId: stored.id },
    });
    return stored;
  });
  return { ...message, deliveredAt: await deliver(ctx, conversation, message) };
}

async function deliver(ctx: AppContext, conversation: Conversation, message: ChatMessage) {
  try {
    const send = senders.get(ctx.db);
    if (!send || !(await send(ctx, conversation, message))) return null;
    const at = ctx.clock.real().toISOString();
    await markDelivered(ctx.db, [message.id], at);
    return at;
  } catch (error) {
    ctx.log.warn(
      { component: 'chat', conversationId: conversation.id, err: error },
      'agent message not sent; it waits for the next user message',
    );
    return null;
  }
}

/** Ends the hand-off: sends the user a closing notice and returns the conversation to the bot. */
export async function closeConversation(
  ctx: AppContext,
  id: string,
  staff: StaffPrincipal,
  note?: string,
) {
  const conversation = await requireConversation(ctx, id);
  if (conversation.status === 'bot') {
    throw new ConflictError('not-handed-off', `conversation ${id} is already with the bot`);
  }
  if (
    conversation.status === 'agent' &&
    conversation.agentId !== staff.id &&
    staff.role !== 'admin'
  ) {
    throw new AppError(
      403,
      'forbidden',
      `conversation ${id} belongs to another agent; only that agent or an admin may close it`,
    );
  }

  const at = ctx.clock.real().toISOString();
  const messages = messagesFor(conversation.language);
  const closing = reply(messages.handoff.closed, mainMenu(messages));
  const notice = await ctx.db.transaction().execute(async (trx) => {
    await updateConversation(trx, id, {
      status: 'bot',
      agent_id: null,
      priority: null,
      handoff_reason: null,
      handed_off_at: null,
      assigned_at: null,
      updated_at: at,
    });
    const stored = await addMessage(
      trx,
      { conversationId: id, author: 'system', text: closing.texts[0], payload: closing },
      at,
    );
    await recordAudit(trx, {
      actor: staffActor(staff),
      action: 'conversation.close',
      entityType: 'conversation',
      entityId: id,
      details: { caseId: conversation.caseId, note: note ?? null },
    });
    return stored;
  });
  await deliver(ctx, conversation, notice);
  return summarize({ ...conversation, status: 'bot', agentId: null, priority: null });
}
