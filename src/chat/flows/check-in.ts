import { mainMenu } from '../menu.js';
import { openChatCase, recordCheckInAnswer, type CheckInAnswer } from '../ports.js';
import { reply } from '../reply.js';
import type { Outcome, Turn } from './flow.js';
import { callCenterCard } from './handoff.js';

/**
 * An answer to a safety check-in (안전합니다 / 도움이 필요합니다). It is recorded with the
 * alerts' check-in service; "need help" also goes to a person at once.
 */
export async function answerCheckIn(turn: Turn, answer: CheckInAnswer): Promise<Outcome> {
  const m = turn.messages.checkIn;
  await recordCheckInAnswer(turn.ctx, {
    travelerId: turn.conversation.travelerId,
    conversationId: turn.conversation.id,
    answer,
  });
  if (answer === 'safe') return { reply: reply(m.safeThanks, mainMenu(turn.messages)), next: null };

  const caseId = await openHelpCase(turn);
  return {
    reply: reply(m.helpQueued, [], callCenterCard(turn)),
    handoff: { priority: 'urgent', reason: 'check-in:need-help', caseId },
    next: null,
  };
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
