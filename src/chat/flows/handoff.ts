import { callCenter, reply, type ChatCard, type ChatReply } from '../reply.js';
import type { EmergencyKind } from '../emergency.js';
import { knowledgeAnswer } from '../knowledge.js';
import { openChatCase, type CasePriority, type OpenedCase } from '../ports.js';
import type { Outcome, Turn } from './flow.js';
import { clip } from './flow.js';

/**
 * Puts the conversation in the agents' queue. The bot stays silent from the moment an agent
 * takes it until the agent closes it.
 */
export function requestAgent(
  turn: Turn,
  reason: string,
  priority: CasePriority,
  opened: OpenedCase | null = null,
): Outcome {
  return {
    reply: reply(turn.messages.handoff.queued(opened?.reference ?? null), [], callCenterCard(turn)),
    handoff: { priority, reason, caseId: opened?.id ?? null },
    next: null,
  };
}

/**
 * The emergency path: an urgent case, the call center's number, and a hand-off, all in one
 * reply. A failure to open the case is logged and does not hold back the hand-off.
 */
export async function emergencyPath(
  turn: Turn,
  kind: EmergencyKind,
  text: string,
  details: Record<string, unknown> = {},
): Promise<Outcome> {
  const opened = await openUrgentCase(turn, kind, text, details);
  const texts = [turn.messages.emergency(opened?.reference ?? null)];
  const guidance = knowledgeAnswer(text, turn.language);
  if (guidance) texts.push(guidance);

  const emergencyReply: ChatReply = reply(texts, [], callCenterCard(turn));
  return {
    reply: emergencyReply,
    handoff: { priority: 'urgent', reason: `emergency:${kind}`, caseId: opened?.id ?? null },
    next: null,
  };
}

async function openUrgentCase(
  turn: Turn,
  kind: EmergencyKind,
  text: string,
  details: Record<string, unknown>,
): Promise<OpenedCase | null> {
  try {
    return await openChatCase(
      turn.ctx,
      {
        kind: 'emergency',
        priority: 'urgent',
        travelerId: turn.conversation.travelerId,
        conversationId: turn.conversation.id,
        summary: clip(`[${kind}] ${text}`, 200),
        details: {
          emergency: kind,
          message: clip(text),
          channel: turn.conversation.channel,
          ...details,
        },
      },
      turn.actor,
    );
  } catch (error) {
    turn.ctx.log.error(
      { component: 'chat', conversationId: turn.conversation.id, err: error },
      'could not open the urgent case; handing off without it',
    );
    return null;
  }
}

export function callCenterCard(turn: Turn): ChatCard {
  const card = turn.messages.emergencyCard;
  return {
    title: card.title,
    description: card.description,
    buttons: [{ label: card.callLabel, kind: 'phone', value: callCenter.dial }],
  };
}
