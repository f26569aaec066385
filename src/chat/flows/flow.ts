import type { Actor } from '../../audit/index.js';
import type { AppContext } from '../../context.js';
import type { ChatLanguage } from '../chat.tables.js';
import type { Conversation, FlowData } from '../chat.repo.js';
import type { Messages } from '../messages/index.js';
import type { CasePriority } from '../ports.js';
import type { ChatReply, QuickOption } from '../reply.js';
import { stepOptions } from '../menu.js';

/** One user message as a flow sees it. */
export interface Turn {
  ctx: AppContext;
  conversation: Conversation;
  text: string;
  messages: Messages;
  language: ChatLanguage;
  now: Date;
  /** IANA zone the user writes from, for words like "today". */
  timeZone: string;
  actor: Actor;
  /** What the tapped button or quick reply carried (Kakao's clientExtra); often empty. */
  extra: Record<string, unknown>;
}

export interface Handoff {
  priority: CasePriority;
  reason: string;
  caseId: string | null;
}

/** What a turn changes: the reply, and optionally the flow state, a hand-off or a link. */
export interface Outcome {
  reply: ChatReply;
  /** The step to wait in next; null ends the flow; undefined leaves the state as it was. */
  next?: { flow: string; step: string; data: FlowData } | null;
  handoff?: Handoff;
  /** The user withdrew a request for an agent that nobody had taken yet. */
  withdraw?: true;
  travelerId?: string;
  language?: ChatLanguage;
}

export interface Flow {
  name: string;
  /** Steps that take free text, where emergency words still skip the bot. */
  freeTextSteps: ReadonlySet<string>;
  start(turn: Turn): Promise<Outcome>;
  resume(turn: Turn, step: string, data: FlowData): Promise<Outcome>;
}

/** Asks a question and waits in a step of a flow. */
export function ask(
  turn: Turn,
  flow: string,
  step: string,
  data: FlowData,
  texts: string | string[],
  choices: QuickOption[] = [],
): Outcome {
  const list = Array.isArray(texts) ? texts : [texts];
  return {
    reply: { texts: list, options: stepOptions(turn.messages, choices) },
    next: { flow, step, data },
  };
}

/** Ends a flow with a reply. */
export function finish(reply: ChatReply, extra: Omit<Outcome, 'reply' | 'next'> = {}): Outcome {
  return { reply, next: null, ...extra };
}

/** Finds which of a labelled set of choices a message picks, in either language. */
export function pickChoice<K extends string>(
  text: string,
  ...labelSets: Array<Record<K, string>>
): K | undefined {
  const wanted = normalizeChoice(text);
  for (const labels of labelSets) {
    for (const [key, label] of Object.entries(labels) as Array<[K, string]>) {
      if (normalizeChoice(label) === wanted) return key;
    }
  }
  return undefined;
}

function normalizeChoice(text: string): string {
  return text.toLowerCase().replace(/[\s·.,!?/()-]+/g, '');
}

/** Caps free text kept in a flow, so one message cannot bloat a case. */
export function clip(text: string, max = 1000): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
