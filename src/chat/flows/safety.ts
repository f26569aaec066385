import { countryAdvisory, type CountryAdvisory } from '../../advisories/index.js';
import { countryNames, type City } from '../../geo/index.js';
import type { Messages } from '../messages/index.js';
import { mainMenu } from '../menu.js';
import { listActiveStays, missionFor, type MissionContact } from '../ports.js';
import { callCenter, option, reply, type ChatButton, type ChatCard } from '../reply.js';
import { ask, clip, finish, pickChoice, type Flow, type Outcome, type Turn } from './flow.js';
import { localDate, locatePlace } from './inputs.js';
import { ko } from '../messages/ko.js';
import { en } from '../messages/en.js';

/** 해외안전정보: advisory levels, notices and the mission for a country the user names. */
export const safetyFlow: Flow = {
  name: 'safety',
  freeTextSteps: new Set(),

  async start(turn) {
    const choices = (await hasStay(turn)) ? [option(turn.messages.safety.myStay)] : [];
    return ask(turn, 'safety', 'country', {}, turn.messages.safety.askCountry, choices);
  },

  async resume(turn) {
    const mine = pickChoice(turn.text, { mine: ko.safety.myStay }, { mine: en.safety.myStay });
    if (mine) return answerForStay(turn);

    const place = locatePlace(turn.text);
    if (!place.country) {
      return ask(
        turn,
        'safety',
        'country',
        {},
        turn.messages.safety.unknownCountry(clip(turn.text, 40)),
      );
    }
    return finish(await safetyReply(turn, place.country, place.city));
  },
};

async function hasStay(turn: Turn): Promise<boolean> {
  if (!turn.conversation.travelerId) return false;
  try {
    const today = localDate(turn.now, turn.timeZone);
    return (await listActiveStays(turn.ctx, turn.conversation.travelerId, today)).length > 0;
  } catch {
    return false;
  }
}

async function answerForStay(turn: Turn): Promise<Outcome> {
  const today = localDate(turn.now, turn.timeZone);
  const stays = turn.conversation.travelerId
    ? await listActiveStays(turn.ctx, turn.conversation.travelerId, today)
    : [];
  if (stays.length === 0) return safetyFlow.start(turn);
  const stay = stays[0];
  return finish(await safetyReply(turn, stay.country, { lon: stay.lon, lat: stay.lat }));
}

/** Builds the safety answer for a country: advisory text, then the mission card. */
export async function safetyReply(turn: Turn, country: string, point?: Pick<City, 'lon' | 'lat'>) {
  const advisory = await countryAdvisory(turn.ctx, country);
  const name = countryLabel(country, turn.language);
  const mission = missionFor(country, point?.lon ?? null, point?.lat ?? null);
  const texts = [advisoryText(turn.messages, name, advisory)];
  const card = mission ? missionCard(turn.messages, mission) : undefined;
  if (!mission) texts.push(turn.messages.advisory.noMission);
  return reply(texts, mainMenu(turn.messages), card);
}

export function countryLabel(country: string, language: 'ko' | 'en'): string {
  const names = countryNames(country);
  return names ? names[language] : country;
}

/** The advisory answer: levels by region, special advisory, notices, each with its date. */
export function advisoryText(m: Messages, countryName: string, advisory: CountryAdvisory): string {
  const a = m.advisory;
  const lines = [a.header(countryName)];
  if (!advisory.levels.known) {
    lines.push(a.notInSnapshot);
  } else {
    if (advisory.levels.asOf) lines.push(a.asOf(advisory.levels.asOf));
    if (advisory.levels.rows.length === 0) lines.push(a.none);
    for (const row of advisory.levels.rows)
      lines.push(levelLine(m, row.level, row.regionScope, row.remark));
  }
  if (advisory.special.rows.length > 0) {
    const asOf = advisory.special.asOf ? ` (${a.asOf(advisory.special.asOf)})` : '';
    lines.push(`${a.special}${asOf}`);
    for (const row of advisory.special.rows)
      lines.push(`- ${scopeText(m, row.regionScope, row.remark)}`);
  }
  if (advisory.notices.rows.length > 0) {
    lines.push(a.notices);
    for (const notice of advisory.notices.rows) {
      lines.push(`- ${notice.writtenDate ?? ''} ${clip(notice.title, 80)}`.trim());
    }
  }
  lines.push(a.source);
  return clip(lines.join('\n'), 950);
}

function levelLine(m: Messages, level: number | null, scope: string, remark: string): string {
  const levelName = level ? m.advisory.levelNames[level as 1 | 2 | 3 | 4] : m.advisory.special;
  return `- ${scopeText(m, scope, remark)}: ${levelName}`;
}

function scopeText(m: Messages, scope: string, remark: string): string {
  const whole = ['전체', '전지역', '전 지역'].includes(scope.trim());
  if (whole && !remark) return m.advisory.wholeCountry;
  const detail = clip(remark, 120);
  return whole ? `${m.advisory.wholeCountry} (${detail})` : detail ? `${scope} (${detail})` : scope;
}

export function missionCard(m: Messages, mission: MissionContact): ChatCard {
  const a = m.advisory;
  const name = m === en ? mission.nameEn : mission.nameKo;
  const lines = [`${a.address}: ${mission.address}`];
  if (mission.phone) lines.push(`${a.phone}: ${mission.phone}`);
  lines.push(`${a.emergencyPhone}: ${mission.emergencyPhone ?? callCenter.display}`);
  const title = clip(a.mission(name), 50);
  const buttons: ChatButton[] = [];
  const emergency = dialable(mission.emergencyPhone ?? mission.phone);
  if (emergency) buttons.push({ label: a.callMission, kind: 'phone', value: emergency });
  buttons.push({ label: a.callCenter, kind: 'phone', value: callCenter.dial });
  return { title, description: clip(lines.join('\n'), 390 - title.length), buttons };
}

/** Turns a listed number such as "(233)244-321-858" or "+66-2-247-7537" into +digits. */
export function dialable(phone: string | null): string | undefined {
  if (!phone) return undefined;
  const trimmed = phone.trim();
  if (!/^[+(]/.test(trimmed)) return undefined;
  const digits = trimmed.replace(/\D/g, '');
  return digits.length >= 7 && digits.length <= 15 ? `+${digits}` : undefined;
}
