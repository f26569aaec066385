import type { Kysely } from 'kysely';
import { recordAudit, type Actor } from '../audit/index.js';
import type { Database } from '../db/database.js';
import { newId } from '../ids.js';
import type { AppContext } from '../context.js';
import type { ChatChannel, ChatLanguage } from './chat.tables.js';
import {
  addMessage,
  addMessages,
  listUndelivered,
  markDelivered,
  openConversation,
  updateConversation,
  type ChatMessage,
  type Conversation,
  type ConversationPatch,
  type NewMessage,
} from './chat.repo.js';
import { detectEmergency } from './emergency.js';
import { emergencyPath, requestAgent } from './flows/handoff.js';
import { flows } from './flows/index.js';
import type { Handoff, Outcome, Turn } from './flows/flow.js';
import { answerCheckIn, checkInFromExtra } from './flows/check-in.js';
import { findAnswer, knowledgeBase } from './knowledge.js';
import { followUp, mainMenu, parseCommand, type Command, type MenuFlow } from './menu.js';
import { messagesFor } from './messages/index.js';
import { findTravelerId } from './ports.js';
import { option, reply, silentReply, type ChatReply } from './reply.js';

export interface IncomingMessage {
  channel: ChatChannel;
  userKey: string;
  text: string;
  plusfriendUserKey?: string | null;
  /** Language hint for a first contact; later turns keep the conversation's language. */
  language?: ChatLanguage;
  timeZone?: string | null;
  /** Extra data of the tapped button (Kakao's clientExtra). */
  extra?: Record<string, unknown>;
}

export interface TurnResult {
  conversation: Conversation;
  reply: ChatReply;
  /** Agent messages not yet delivered, shown to the user with this reply. */
  agentMessages: ChatMessage[];
}

/** Maximum length of user text stored and processed; Kakao accepts longer utterances. */
export const maxUtterance = 2000;

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs one user message through the conversation: stores it, decides the reply (a person, a
 * menu flow, a knowledge answer, or the emergency path) and stores the reply. Messages of one
 * user run one after another in this process, so a flow never sees two answers at once.
 */
export function handleMessage(ctx: AppContext, input: IncomingMessage): Promise<TurnResult> {
  const key = `${input.channel}:${input.userKey}`;
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => runTurn(ctx, input));
  queues.set(key, run);
  void run
    .finally(() => {
      if (queues.get(key) === run) queues.delete(key);
    })
    .catch(() => undefined);
  return run;
}

async function runTurn(ctx: AppContext, input: IncomingMessage): Promise<TurnResult> {
  const now = ctx.clock.real();
  const at = now.toISOString();
  const text = input.text.replace(/\s+/g, ' ').trim().slice(0, maxUtterance);
  const conversation = await openConversation(
    ctx.db,
    {
      channel: input.channel,
      userKey: input.userKey,
      plusfriendUserKey: input.plusfriendUserKey,
      language: input.language ?? 'ko',
    },
    at,
  );
  // An empty utterance (a first contact, a block without text) asks for the menu; nothing to
  // keep. The user's message is written with the reply, in one commit, unless the turn fails.
  const userMessage: NewMessage | undefined =
    text.length > 0
      ? { id: newId(), conversationId: conversation.id, author: 'user', text }
      : undefined;

  let turn: Turn;
  let outcome: Outcome;
  try {
    turn = await buildTurn(ctx, conversation, text, now, input);
    outcome = await decide(turn);
  } catch (error) {
    if (userMessage) await addMessage(ctx.db, userMessage, at);
    throw error;
  }
  // Link a Kakao conversation to its traveler, so the retention purge finds it.
  if (!conversation.travelerId && turn.conversation.travelerId) {
    outcome.travelerId ??= turn.conversation.travelerId;
  }
  const agentMessages = mayHavePending(conversation)
    ? await listUndelivered(ctx.db, conversation.id)
    : [];
  const updated = await saveOutcome(ctx, conversation, outcome, {
    at,
    actor: turn.actor,
    userMessage,
    delivered: agentMessages.map((message) => message.id),
  });
  return { conversation: updated, reply: outcome.reply, agentMessages };
}

async function buildTurn(
  ctx: AppContext,
  conversation: Conversation,
  text: string,
  now: Date,
  input: IncomingMessage,
): Promise<Turn> {
  const kakaoKey = conversation.channel === 'kakao' ? conversation.userKey : null;
  const travelerId = await findTravelerId(ctx, conversation.travelerId, kakaoKey);
  const actor: Actor = travelerId
    ? { kind: 'traveler', id: travelerId }
    : { kind: 'system', id: 'chat' };
  return {
    ctx,
    conversation: { ...conversation, travelerId },
    text,
    messages: messagesFor(conversation.language),
    language: conversation.language,
    now,
    timeZone: input.timeZone ?? 'Asia/Seoul',
    actor,
    extra: input.extra ?? {},
  };
}

async function decide(turn: Turn): Promise<Outcome> {
  const { conversation, text } = turn;
  if (conversation.status !== 'bot') return whileHandedOff(turn);

  const tapped = checkInFromExtra(turn.extra);
  if (tapped) return answerCheckIn(turn, tapped.answer, tapped.alertId);

  const command = parseCommand(text);
  if (command) return runCommand(turn, command);

  const flow = conversation.flow ? flows[conversation.flow] : undefined;
  const inFreeText = !flow || flow.freeTextSteps.has(conversation.flowStep ?? '');
  const emergency = inFreeText ? detectEmergency(text) : undefined;
  if (emergency) return emergencyPath(turn, emergency, text);

  if (flow) return flow.resume(turn, conversation.flowStep ?? '', conversation.flowData);
  if (text.length === 0) return { reply: reply(turn.messages.welcome, mainMenu(turn.messages)) };
  return answerFreeText(turn);
}

/** While a person has the conversation, the bot is silent; emergencies raise the priority. */
async function whileHandedOff(turn: Turn): Promise<Outcome> {
  const emergency = detectEmergency(turn.text);
  if (turn.conversation.status === 'agent') {
    return emergency ? { reply: silentReply, handoff: raised(turn) } : { reply: silentReply };
  }
  if (emergency && turn.conversation.priority !== 'urgent') {
    return emergencyPath(turn, emergency, turn.text);
  }
  const command = parseCommand(turn.text);
  if (command?.kind === 'cancel' && turn.conversation.priority !== 'urgent') {
    const messages = turn.messages;
    return { reply: reply(messages.handoff.withdrawn, mainMenu(messages)), withdraw: true };
  }
  return { reply: reply(turn.messages.handoff.stillWaiting, [option(turn.messages.menu.cancel)]) };
}

function raised(turn: Turn) {
  return {
    priority: 'urgent' as const,
    reason: turn.conversation.handoffReason ?? 'emergency',
    caseId: turn.conversation.caseId,
  };
}

async function runCommand(turn: Turn, command: Command): Promise<Outcome> {
  const messages = turn.messages;
  switch (command.kind) {
    case 'flow':
      return flows[command.flow].start(turn);
    case 'agent':
      return requestAgent(turn, 'requested', 'normal');
    case 'check-in':
      return answerCheckIn(turn, command.answer);
    case 'language': {
      const switched = messagesFor(command.language);
      return {
        reply: reply([switched.languageSwitched, switched.menuPrompt], mainMenu(switched)),
        language: command.language,
        next: null,
      };
    }
    case 'cancel':
      return {
        reply: reply([messages.cancelled, messages.menuPrompt], mainMenu(messages)),
        next: null,
      };
    default:
      return { reply: reply(messages.menuPrompt, mainMenu(messages)), next: null };
  }
}

function answerFreeText(turn: Turn): Outcome {
  const entry = findAnswer(knowledgeBase(), turn.text);
  if (!entry) {
    return { reply: reply(turn.messages.unknown, mainMenu(turn.messages)) };
  }
  const related = entry.menu as MenuFlow | 'agent' | undefined;
  return { reply: reply(entry.answer[turn.language], followUp(turn.messages, related)) };
}

/**
 * Tells whether agent or system messages may wait for this user. Every turn sets updated_at and
 * last_message_at to the same instant; agents' claims, replies and closes move only updated_at.
 */
function mayHavePending(conversation: Conversation): boolean {
  return conversation.status !== 'bot' || conversation.updatedAt > conversation.lastMessageAt;
}

interface TurnWrites {
  at: string;
  actor: Actor;
  userMessage: NewMessage | undefined;
  /** Agent and system messages shown with this reply. */
  delivered: string[];
}

/** Writes the whole turn in one transaction: one commit (one fsync on SQLite) per user message. */
async function saveOutcome(
  ctx: AppContext,
  conversation: Conversation,
  outcome: Outcome,
  writes: TurnWrites,
): Promise<Conversation> {
  const { at } = writes;
  const patch = patchFor(conversation, outcome, at);
  await ctx.db.transaction().execute(async (trx) => {
    // A user who stopped all alerts erased the conversation with the traveler in this turn.
    const updated = await updateConversation(trx, conversation.id, patch);
    if (!updated) return;
    await markDelivered(trx, writes.delivered, at);
    if (outcome.handoff) await auditHandoff(trx, conversation, outcome.handoff, writes.actor);
    if (outcome.withdraw) {
      await recordAudit(trx, {
        actor: writes.actor,
        action: 'conversation.withdraw',
        entityType: 'conversation',
        entityId: conversation.id,
      });
    }
    const stored: NewMessage[] = writes.userMessage ? [writes.userMessage] : [];
    if (!outcome.reply.silent) {
      const text = [...outcome.reply.texts, outcome.reply.card?.description ?? '']
        .join('\n')
        .trim();
      stored.push({ conversationId: conversation.id, author: 'bot', text, payload: outcome.reply });
    }
    await addMessages(trx, stored, at);
  });
  return { ...conversation, ...fromPatch(patch) };
}

async function auditHandoff(
  trx: Kysely<Database>,
  conversation: Conversation,
  handoff: Handoff,
  actor: Actor,
): Promise<void> {
  const raised = conversation.status !== 'bot';
  await recordAudit(trx, {
    actor,
    action: raised ? 'conversation.priority' : 'conversation.handoff',
    entityType: 'conversation',
    entityId: conversation.id,
    details: { priority: handoff.priority, reason: handoff.reason, caseId: handoff.caseId },
  });
}

function patchFor(conversation: Conversation, outcome: Outcome, at: string): ConversationPatch {
  const patch: ConversationPatch = { updated_at: at, last_message_at: at };
  if (outcome.language) patch.language = outcome.language;
  if (outcome.travelerId) patch.traveler_id = outcome.travelerId;
  if (outcome.next === null) {
    Object.assign(patch, { flow: null, flow_step: null, flow_data: null });
  } else if (outcome.next) {
    patch.flow = outcome.next.flow;
    patch.flow_step = outcome.next.step;
    patch.flow_data = JSON.stringify(outcome.next.data);
  }
  if (outcome.handoff) Object.assign(patch, handoffPatch(conversation, outcome, at));
  if (outcome.withdraw) {
    Object.assign(patch, {
      status: 'bot',
      priority: null,
      handoff_reason: null,
      handed_off_at: null,
    });
  }
  return patch;
}

function handoffPatch(conversation: Conversation, outcome: Outcome, at: string): ConversationPatch {
  const handoff = outcome.handoff!;
  const patch: ConversationPatch = {
    priority: handoff.priority,
    handoff_reason: handoff.reason,
    case_id: handoff.caseId ?? conversation.caseId,
    flow: null,
    flow_step: null,
    flow_data: null,
  };
  if (conversation.status === 'bot') {
    patch.status = 'waiting';
    patch.handed_off_at = at;
  }
  return patch;
}

function fromPatch(patch: ConversationPatch): Partial<Conversation> {
  const out: Partial<Conversation> = {};
  if (patch.status) out.status = patch.status;
  if (patch.language) out.language = patch.language;
  if (patch.traveler_id) out.travelerId = patch.traveler_id;
  if (patch.priority) out.priority = patch.priority;
  if (patch.case_id !== undefined) out.caseId = patch.case_id;
  if (patch.flow !== undefined) out.flow = patch.flow;
  if (patch.flow_step !== undefined) out.flowStep = patch.flow_step;
  if (patch.flow_data !== undefined)
    out.flowData = patch.flow_data ? JSON.parse(patch.flow_data) : {};
  return out;
}
