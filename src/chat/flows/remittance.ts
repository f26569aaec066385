import type { FlowData } from '../chat.repo.js';
import { en } from '../messages/en.js';
import { ko } from '../messages/ko.js';
import { followUp } from '../menu.js';
import { missionFor, openChatCase } from '../ports.js';
import { option, reply } from '../reply.js';
import { ask, clip, finish, pickChoice, type Flow, type Outcome, type Turn } from './flow.js';
import { locatePlace, parsePhone } from './inputs.js';

/** Cap of one rapid overseas remittance, in whole US dollars (the equivalent is paid out). */
export const remittanceCapUsd = 3000;

type ReasonKey = keyof typeof ko.remittance.reasons;

/** 신속해외송금: the rules, then reason, place, amount and the family's phone; a case. */
export const remittanceFlow: Flow = {
  name: 'remittance',
  freeTextSteps: new Set(['place']),

  async start(turn) {
    const m = turn.messages.remittance;
    return ask(turn, 'remittance', 'confirm', {}, m.rules, [
      option(m.start),
      option(turn.messages.menu.agent),
    ]);
  },

  async resume(turn, step, data) {
    const m = turn.messages.remittance;
    switch (step) {
      case 'confirm':
        return confirm(turn);
      case 'reason': {
        const reason =
          pickChoice<ReasonKey>(turn.text, ko.remittance.reasons, en.remittance.reasons) ?? 'other';
        return ask(
          turn,
          'remittance',
          'place',
          { reason, reasonText: clip(turn.text, 100) },
          m.askPlace,
        );
      }
      case 'place':
        return ask(
          turn,
          'remittance',
          'amount',
          { ...data, place: clip(turn.text, 200) },
          m.askAmount,
        );
      case 'amount':
        return readAmount(turn, data);
      default:
        return apply(turn, data);
    }
  },
};

async function confirm(turn: Turn): Promise<Outcome> {
  const m = turn.messages.remittance;
  const started = pickChoice(
    turn.text,
    { start: ko.remittance.start },
    { start: en.remittance.start },
  );
  if (!started) return remittanceFlow.start(turn);
  const choices = Object.values(m.reasons).map((label) => option(label));
  return ask(turn, 'remittance', 'reason', {}, m.askReason, choices);
}

/** Reads a whole number of dollars: "1500", "1,500", "USD 1500", "1500달러". */
export function parseUsd(text: string): number | undefined {
  const digits = text.replace(/(usd|us\$|\$|달러|불|dollars?)/gi, '').replace(/[,\s]/g, '');
  if (!/^\d{1,7}$/.test(digits)) return undefined;
  return Number(digits);
}

function readAmount(turn: Turn, data: FlowData): Outcome {
  const m = turn.messages.remittance;
  const amount = parseUsd(turn.text);
  if (amount === undefined || amount < 1 || amount > remittanceCapUsd) {
    return ask(turn, 'remittance', 'amount', data, m.badAmount);
  }
  return ask(turn, 'remittance', 'family', { ...data, amountUsd: amount }, m.askFamily);
}

async function apply(turn: Turn, data: FlowData): Promise<Outcome> {
  const m = turn.messages.remittance;
  const familyPhone = parsePhone(turn.text, 'KR');
  if (!familyPhone) return ask(turn, 'remittance', 'family', data, m.badPhone);

  const place = String(data.place ?? '');
  const located = locatePlace(place);
  const mission = located.country
    ? missionFor(located.country, located.city?.lon ?? null, located.city?.lat ?? null)
    : undefined;
  const opened = await openChatCase(
    turn.ctx,
    {
      kind: 'remittance',
      priority: 'high',
      travelerId: turn.conversation.travelerId,
      missionCode: mission?.code ?? null,
      conversationId: turn.conversation.id,
      summary: clip(`신속해외송금 USD ${data.amountUsd} - ${place}`, 200),
      details: {
        reason: data.reason,
        reasonText: data.reasonText,
        place,
        country: located.country ?? null,
        amountUsdCents: Number(data.amountUsd) * 100,
        familyPhone,
      },
    },
    turn.actor,
  );
  return finish(reply(m.done(opened.reference), followUp(turn.messages, 'agent')));
}
