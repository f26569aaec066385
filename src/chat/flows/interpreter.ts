import { createInterpretationRequest } from '../../interpretation/index.js';
import type { FlowData } from '../chat.repo.js';
import { en } from '../messages/en.js';
import { ko } from '../messages/ko.js';
import { followUp } from '../menu.js';
import { requestReference } from '../ports.js';
import { option, reply } from '../reply.js';
import { ask, finish, pickChoice, type Flow, type Outcome, type Turn } from './flow.js';
import { parsePhone } from './inputs.js';

type LanguageKey = keyof typeof ko.interpreter.languages;
type SituationKey = keyof typeof ko.interpreter.situations;

/** 통역 서비스: language, situation, whether the other party is present, phone; a request. */
export const interpreterFlow: Flow = {
  name: 'interpreter',
  freeTextSteps: new Set(),

  async start(turn) {
    const m = turn.messages.interpreter;
    const choices = Object.values(m.languages).map((label) => option(label));
    return ask(turn, 'interpreter', 'language', {}, [m.intro, m.scope], choices);
  },

  async resume(turn, step, data) {
    switch (step) {
      case 'language':
        return chooseLanguage(turn);
      case 'situation':
        return chooseSituation(turn, data);
      case 'present':
        return checkPresent(turn, data);
      default:
        return requestInterpreter(turn, data);
    }
  },
};

function languageChoices(turn: Turn) {
  return Object.values(turn.messages.interpreter.languages).map((label) => option(label));
}

function chooseLanguage(turn: Turn): Outcome {
  const m = turn.messages.interpreter;
  const language = pickChoice<LanguageKey>(
    turn.text,
    ko.interpreter.languages,
    en.interpreter.languages,
  );
  if (!language) return ask(turn, 'interpreter', 'language', {}, m.intro, languageChoices(turn));
  const choices = Object.values(m.situations).map((label) => option(label));
  return ask(turn, 'interpreter', 'situation', { language }, m.askSituation, choices);
}

function chooseSituation(turn: Turn, data: FlowData): Outcome {
  const m = turn.messages.interpreter;
  const situation =
    pickChoice<SituationKey>(turn.text, ko.interpreter.situations, en.interpreter.situations) ??
    'other';
  return ask(turn, 'interpreter', 'present', { ...data, situation }, m.askPresent, [
    option(m.yes),
    option(m.no),
  ]);
}

function checkPresent(turn: Turn, data: FlowData): Outcome {
  const m = turn.messages.interpreter;
  const answer = pickChoice(
    turn.text,
    { yes: ko.interpreter.yes, no: ko.interpreter.no },
    {
      yes: en.interpreter.yes,
      no: en.interpreter.no,
    },
  );
  if (answer === 'no') return finish(reply(m.notPresent, followUp(turn.messages, 'agent')));
  if (answer !== 'yes') {
    return ask(turn, 'interpreter', 'present', data, m.askPresent, [option(m.yes), option(m.no)]);
  }
  return ask(turn, 'interpreter', 'phone', data, m.askPhone);
}

async function requestInterpreter(turn: Turn, data: FlowData): Promise<Outcome> {
  const m = turn.messages.interpreter;
  const phone = parsePhone(turn.text);
  if (!phone) return ask(turn, 'interpreter', 'phone', data, m.badPhone);

  const language = data.language as LanguageKey;
  const request = await createInterpretationRequest(
    turn.ctx.db,
    {
      language,
      situation: String(data.situation),
      phone,
      conversationId: turn.conversation.id,
      travelerId: turn.conversation.travelerId,
    },
    turn.actor,
  );
  const done = m.done(m.languages[language], requestReference(request.id));
  return finish(reply(done, followUp(turn.messages, 'agent')));
}
