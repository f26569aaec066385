import { cityById, type City } from '../../geo/index.js';
import type { FlowData } from '../chat.repo.js';
import { en } from '../messages/en.js';
import { ko } from '../messages/ko.js';
import { mainMenu } from '../menu.js';
import { registerStay, searchCities } from '../ports.js';
import { option, reply } from '../reply.js';
import { ask, clip, finish, pickChoice, type Flow, type Outcome, type Turn } from './flow.js';
import { cityName, daysBetween, localDate, locatePlace, parseDate, parsePhone } from './inputs.js';
import { countryLabel } from './safety.js';

/** Version of the consent text shown in chat; stored with the traveler's consent. */
export const chatConsentVersion = 'chat-consent-2026-12';

/** Longest stay registered at once, in days. */
const maxStayDays = 366;

/** 체류지 등록: country, city, dates, phone, consent; then a traveler and a stay. */
export const stayFlow: Flow = {
  name: 'stay',
  freeTextSteps: new Set(),

  async start(turn) {
    return ask(turn, 'stay', 'country', {}, turn.messages.stay.askCountry);
  },

  async resume(turn, step, data) {
    switch (step) {
      case 'country':
        return readCountry(turn);
      case 'city':
        return readCity(turn, data);
      case 'pick':
        return pickCity(turn, data);
      case 'start':
        return readStart(turn, data);
      case 'end':
        return readEnd(turn, data);
      case 'phone':
        return readPhone(turn, data);
      default:
        return readConsent(turn, data);
    }
  },
};

function readCountry(turn: Turn): Outcome {
  const place = locatePlace(turn.text);
  if (place.city) return withCity(turn, place.city);
  if (!place.country) {
    return ask(
      turn,
      'stay',
      'country',
      {},
      turn.messages.safety.unknownCountry(clip(turn.text, 40)),
    );
  }
  return ask(turn, 'stay', 'city', { country: place.country }, turn.messages.stay.askCity);
}

function readCity(turn: Turn, data: FlowData): Outcome {
  const m = turn.messages.stay;
  const candidates = searchCities(turn.text, String(data.country));
  if (candidates.length === 0)
    return ask(turn, 'stay', 'city', data, m.unknownCity(clip(turn.text, 40)));

  const [first, second] = candidates;
  // A far smaller namesake is taken to be the less likely meaning; a close one is asked about.
  if (!second || second.population * 3 < first.population) return withCity(turn, first);
  const choices = candidates
    .slice(0, 5)
    .map((city, index) => option(cityLabel(turn, city, index), String(index + 1)));
  const ids = candidates.slice(0, 5).map((city) => city.id);
  return ask(turn, 'stay', 'pick', { ...data, candidates: ids }, m.pickCity, choices);
}

function cityLabel(turn: Turn, city: City, index: number): string {
  return clip(`${index + 1}. ${cityName(city, turn.language)} ${city.adminCode}`, 14);
}

function pickCity(turn: Turn, data: FlowData): Outcome {
  const ids = (data.candidates as number[] | undefined) ?? [];
  const index = Number.parseInt(turn.text, 10) - 1;
  const chosen = ids[index] === undefined ? undefined : cityById(ids[index]);
  if (chosen) return withCity(turn, chosen);
  return readCity(turn, { country: data.country });
}

function withCity(turn: Turn, city: City): Outcome {
  const data: FlowData = {
    country: city.country,
    cityId: city.id,
    place: `${countryLabel(city.country, turn.language)} ${cityName(city, turn.language)}`,
  };
  return ask(turn, 'stay', 'start', data, turn.messages.stay.askStart, [
    option(turn.language === 'ko' ? '오늘' : 'today'),
  ]);
}

function readStart(turn: Turn, data: FlowData): Outcome {
  const today = localDate(turn.now, turn.timeZone);
  const start = parseDate(turn.text, today);
  if (!start) return ask(turn, 'stay', 'start', data, turn.messages.stay.badDate);
  return ask(turn, 'stay', 'end', { ...data, startDate: start }, turn.messages.stay.askEnd);
}

function readEnd(turn: Turn, data: FlowData): Outcome {
  const m = turn.messages.stay;
  const start = String(data.startDate);
  const end = parseDate(turn.text, start);
  if (!end) return ask(turn, 'stay', 'end', data, m.badDate);
  if (end < start) return ask(turn, 'stay', 'end', data, m.endBeforeStart);
  if (daysBetween(start, end) > maxStayDays) return ask(turn, 'stay', 'end', data, m.tooLong);
  return ask(turn, 'stay', 'phone', { ...data, endDate: end }, m.askPhone, [option(m.skip)]);
}

function readPhone(turn: Turn, data: FlowData): Outcome {
  const m = turn.messages.stay;
  const skipped = pickChoice(turn.text, { skip: ko.stay.skip }, { skip: en.stay.skip });
  const phone = skipped ? null : parsePhone(turn.text, 'KR');
  if (!skipped && !phone) return ask(turn, 'stay', 'phone', data, m.badPhone, [option(m.skip)]);
  return ask(turn, 'stay', 'consent', { ...data, phone }, m.consent, [
    option(m.agree),
    option(m.disagree),
  ]);
}

async function readConsent(turn: Turn, data: FlowData): Promise<Outcome> {
  const m = turn.messages.stay;
  const answer = pickChoice(
    turn.text,
    { yes: ko.stay.agree, no: ko.stay.disagree },
    {
      yes: en.stay.agree,
      no: en.stay.disagree,
    },
  );
  if (answer === 'no') return finish(reply(m.declined, mainMenu(turn.messages)));
  if (answer !== 'yes')
    return ask(turn, 'stay', 'consent', data, m.consent, [option(m.agree), option(m.disagree)]);

  const conversation = turn.conversation;
  const registered = await registerStay(turn.ctx, {
    travelerId: conversation.travelerId,
    kakaoUserKey: conversation.channel === 'kakao' ? conversation.userKey : null,
    phone: (data.phone as string | null) ?? null,
    language: turn.language,
    consentVersion: chatConsentVersion,
    consentAt: turn.now.toISOString(),
    country: String(data.country),
    cityId: Number(data.cityId),
    startDate: String(data.startDate),
    endDate: String(data.endDate),
  });
  const done = m.done(String(data.place), String(data.startDate), String(data.endDate));
  return finish(reply(done, mainMenu(turn.messages)), { travelerId: registered.travelerId });
}
