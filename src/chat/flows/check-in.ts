import { mainMenu } from '../menu.js';
import { openChatCase, recordCheckInAnswer, type CheckInAnswer } from '../ports.js';
import { reply } from '../reply.js';
import type { Outcome, Turn } from './flow.js';
import { callCenterCard } from './handoff.js';

/**
 * An answer to a safety check-in (안전합니다 / 도움이 필요합니다). It is recorded with the
 * alerts' check-in service; "need help" also goes to a person at once.
 */
export async function answerCheckIn(
  turn: Turn,
  answer: CheckInAnswer,
  alertId: string | null = null,
): Promise<Outcome> {
  const m = turn.messages.checkIn;
  const recorded = await recordCheckInAnswer(turn.ctx, {
    travelerId: turn.conversation.travelerId,
    conversationId: turn.conversation.id,
    answer,
    alertId,
  });
  if (answer === 'safe') return { reply: reply(m.safeThanks, mainMenu(turn.messages)), next: null };

  const caseId = recorded.caseId ?? (await openHelpCase(turn));
  return {
    reply: reply(m.helpQueued, [], callCenterCard(turn)),
    handoff: { priority: 'urgent', reason: 'check-in:need-help', caseId },
    next: null,
  };
}

/**
 * Reads the check-in an alert button carries: `{checkIn: alertId, answer}` arrives as Kakao's
 * `clientExtra`, either as fields or as the JSON text of the AlimTalk button's `chatExtra`.
 */
export function checkInFromExtra(
  extra: Record<string, unknown>,
): { alertId: string; answer: CheckInAnswer } | undefined {
  let source: Record<string, unknown> = extra;
  if (typeof extra.chatExtra === 'string') {
    try {
      source = JSON.parse(extra.chatExtra) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  const alertId = source.checkIn;
  const answer = source.answer;
  if (typeof alertId !== 'string' || alertId.length === 0) return undefined;
  if (answer !== 'safe' && answer !== 'need-help') return undefined;
  return { alertId, answer };
}

async function openHelpCase(turn: Turn): Promise<string | null> {
  try {
    const opened = await openChatCase(
      turn.ctx,
      {
        kind: 'check-in',
        priority: 'urgent',
        travelerId: turn.conversation.travelerId,
        conversationId: turn.conversation.id,
        summary: 'Safety check-in: needs help',
      },
      turn.actor,
    );
    return opened.id;
  } catch (error) {
    turn.ctx.log.error(
      { component: 'chat', conversationId: turn.conversation.id, err: error },
      'could not open the case for a check-in answer; handing off without it',
    );
    return null;
  }
}
