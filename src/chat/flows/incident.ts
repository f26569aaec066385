import type { FlowData } from '../chat.repo.js';
import { en } from '../messages/en.js';
import { ko } from '../messages/ko.js';
import { followUp } from '../menu.js';
import { missionFor, openChatCase, type CasePriority } from '../ports.js';
import { option, reply } from '../reply.js';
import { ask, clip, finish, pickChoice, type Flow, type Outcome, type Turn } from './flow.js';
import { emergencyPath } from './handoff.js';
import { locatePlace, parsePhone } from './inputs.js';

type IncidentType = keyof typeof ko.incident.types;

/** Types that are emergencies in themselves: they go to a person at once. */
const urgentTypes: Partial<Record<IncidentType, 'arrest' | 'missing' | 'assault'>> = {
  arrest: 'arrest',
  missing: 'missing',
  assault: 'assault',
};

const priorityByType: Record<IncidentType, CasePriority> = {
  theft: 'high',
  loss: 'normal',
  assault: 'urgent',
  accident: 'high',
  arrest: 'urgent',
  missing: 'urgent',
  other: 'normal',
};

/** 사건·사고 접수: type, place, what happened, how to reach the user; then a case. */
export const incidentFlow: Flow = {
  name: 'incident',
  freeTextSteps: new Set(['place', 'what']),

  async start(turn) {
    const types = turn.messages.incident.types;
    const choices = Object.values(types).map((label) => option(label));
    return ask(turn, 'incident', 'type', {}, turn.messages.incident.askType, choices);
  },

  async resume(turn, step, data) {
    const m = turn.messages.incident;
    switch (step) {
      case 'type':
        return chooseType(turn);
      case 'place':
        return ask(turn, 'incident', 'what', { ...data, place: clip(turn.text, 200) }, m.askWhat);
      case 'what':
        return ask(turn, 'incident', 'contact', { ...data, what: clip(turn.text) }, m.askContact, [
          option(m.chatOnly),
        ]);
      default:
        return fileReport(turn, data);
    }
  },
};

async function chooseType(turn: Turn): Promise<Outcome> {
  const m = turn.messages.incident;
  const type = pickChoice(turn.text, ko.incident.types, en.incident.types) ?? 'other';
  const urgent = urgentTypes[type];
  if (urgent) {
    return emergencyPath(turn, urgent, `${m.types[type]}: ${turn.text}`, { incidentType: type });
  }
  const data: FlowData = { type, typeText: clip(turn.text, 100) };
  return ask(turn, 'incident', 'place', data, m.askPlace);
}

async function fileReport(turn: Turn, data: FlowData): Promise<Outcome> {
  const m = turn.messages.incident;
  const chatOnly = pickChoice(
    turn.text,
    { chat: ko.incident.chatOnly },
    { chat: en.incident.chatOnly },
  );
  const phone = chatOnly ? null : parsePhone(turn.text);
  if (!chatOnly && !phone) {
    return ask(turn, 'incident', 'contact', data, m.badPhone, [option(m.chatOnly)]);
  }

  const type = data.type as IncidentType;
  const place = String(data.place ?? '');
  const located = locatePlace(place);
  const mission = located.country
    ? missionFor(located.country, located.city?.lon ?? null, located.city?.lat ?? null)
    : undefined;
  const opened = await openChatCase(
    turn.ctx,
    {
      kind: 'incident',
      priority: priorityByType[type] ?? 'normal',
      travelerId: turn.conversation.travelerId,
      missionCode: mission?.code ?? null,
      conversationId: turn.conversation.id,
      summary: clip(`${ko.incident.types[type]} - ${place}`, 200),
      details: {
        incidentType: type,
        typeText: data.typeText,
        place,
        country: located.country ?? null,
        description: data.what,
        phone: phone ?? null,
        contactByChat: Boolean(chatOnly),
      },
    },
    turn.actor,
  );
  return finish(reply(m.done(opened.reference), followUp(turn.messages, 'agent')));
}
