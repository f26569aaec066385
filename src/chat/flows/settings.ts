import type { FlowData } from '../chat.repo.js';
import { en } from '../messages/en.js';
import { ko } from '../messages/ko.js';
import { mainMenu } from '../menu.js';
import {
  endTravelerStay,
  listActiveStays,
  unregisterTraveler,
  type TravelerStay,
} from '../ports.js';
import { option, reply } from '../reply.js';
import { ask, clip, finish, pickChoice, type Flow, type Outcome, type Turn } from './flow.js';
import { localDate } from './inputs.js';
import { stayFlow } from './stay.js';

/** 알림 설정: the user's stays; end one, stop all alerts, or add a stay. */
export const settingsFlow: Flow = {
  name: 'settings',
  freeTextSteps: new Set(),

  async start(turn) {
    const m = turn.messages.settings;
    const stays = await activeStays(turn);
    if (stays.length === 0) {
      return finish(
        reply(m.none, [option(turn.messages.menu.stay), option(turn.messages.menu.home)]),
      );
    }
    const list = stays.map((stay, index) => `${index + 1}. ${stayText(stay)}`).join('\n');
    return ask(turn, 'settings', 'action', {}, `${m.list}\n${list}`, [
      option(m.endStay),
      option(m.stopAll),
      option(m.addStay),
    ]);
  },

  async resume(turn, step, data) {
    if (step === 'pick') return endPicked(turn, data);
    const action = pickChoice(
      turn.text,
      { end: ko.settings.endStay, stop: ko.settings.stopAll, add: ko.settings.addStay },
      { end: en.settings.endStay, stop: en.settings.stopAll, add: en.settings.addStay },
    );
    if (action === 'add') return stayFlow.start(turn);
    if (action === 'stop') return stopAll(turn);
    if (action === 'end') return chooseStay(turn);
    return settingsFlow.start(turn);
  },
};

function stayText(stay: TravelerStay): string {
  return `${stay.placeName} ${stay.startDate} ~ ${stay.endDate}`;
}

async function activeStays(turn: Turn): Promise<TravelerStay[]> {
  if (!turn.conversation.travelerId) return [];
  const today = localDate(turn.now, turn.timeZone);
  return listActiveStays(turn.ctx, turn.conversation.travelerId, today);
}

async function chooseStay(turn: Turn): Promise<Outcome> {
  const stays = await activeStays(turn);
  if (stays.length <= 1) return endStays(turn, stays);
  const choices = stays
    .slice(0, 9)
    .map((stay, index) => option(clip(`${index + 1}. ${stay.placeName}`, 14), String(index + 1)));
  const ids = stays.slice(0, 9).map((stay) => stay.id);
  return ask(turn, 'settings', 'pick', { ids }, turn.messages.settings.pickStay, choices);
}

async function endPicked(turn: Turn, data: FlowData): Promise<Outcome> {
  const ids = (data.ids as string[] | undefined) ?? [];
  const id = ids[Number.parseInt(turn.text, 10) - 1];
  const stay = (await activeStays(turn)).find((candidate) => candidate.id === id);
  if (!stay) return chooseStay(turn);
  return endStays(turn, [stay]);
}

async function endStays(turn: Turn, stays: TravelerStay[]): Promise<Outcome> {
  const travelerId = turn.conversation.travelerId!;
  for (const stay of stays) await endTravelerStay(turn.ctx, travelerId, stay.id, turn.actor);
  const text =
    stays.length === 1
      ? turn.messages.settings.ended(stays[0].placeName)
      : turn.messages.settings.none;
  return finish(reply(text, mainMenu(turn.messages)));
}

async function stopAll(turn: Turn): Promise<Outcome> {
  await unregisterTraveler(turn.ctx, turn.conversation.travelerId!);
  return finish(reply(turn.messages.settings.stopped, mainMenu(turn.messages)));
}
