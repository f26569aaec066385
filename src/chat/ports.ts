import { latestAlertOfTraveler, recordCheckIn } from '../alerts/index.js';
import type { Actor } from '../audit/index.js';
import { openCase } from '../cases/index.js';
import type { AppContext } from '../context.js';
import { findCities, type City } from '../geo/index.js';
import { listMissions, resolveMission, type Mission } from '../missions/index.js';
import { NotFoundError } from '../server/errors.js';
import {
  addStay,
  createTraveler,
  deleteStay,
  eraseTravelers,
  findTravelerByKakaoKey,
  getTraveler,
  listStays,
  registerStayFromChat,
  updateTraveler,
} from '../travelers/index.js';

/**
 * The calls the chat engine makes into other domains (cases, travelers, missions, check-ins,
 * the Kakao Event API), gathered here so the engine depends on one small surface.
 */

export type CasePriority = 'urgent' | 'high' | 'normal' | 'low';

export interface NewChatCase {
  kind: string;
  priority: CasePriority;
  travelerId?: string | null;
  missionCode?: string | null;
  conversationId: string;
  summary: string;
  details?: Record<string, unknown>;
}

export interface OpenedCase {
  id: string;
  /** Short reference to read out to the user. */
  reference: string;
}

/** Opens a case in the cases domain for a report, an application or an emergency. */
export async function openChatCase(
  ctx: AppContext,
  input: NewChatCase,
  actor: Actor,
): Promise<OpenedCase> {
  const opened = await openCase(ctx.db, input, actor);
  return { id: opened.id, reference: opened.number };
}

/** Short reference of a request without a case number of its own (interpretation). */
export function requestReference(id: string): string {
  return id.replace(/-/g, '').slice(-8).toUpperCase();
}

export interface TravelerStay {
  id: string;
  country: string;
  placeName: string;
  lon: number;
  lat: number;
  startDate: string;
  endDate: string;
  missionCode: string | null;
}

export interface NewStayRequest {
  travelerId: string | null;
  kakaoUserKey: string | null;
  phone: string | null;
  language: 'ko' | 'en';
  consentVersion: string;
  consentAt: string;
  country: string;
  cityId: number;
  startDate: string;
  endDate: string;
}

/**
 * Registers a stay with the consent just given. Kakao users are found by their user key; a web
 * chat visitor has no channel key the alert sender could use, so its traveler is linked to the
 * conversation only.
 */
export async function registerStay(
  ctx: AppContext,
  input: NewStayRequest,
): Promise<{ travelerId: string; stay: TravelerStay }> {
  const stayInput = {
    country: input.country,
    cityId: input.cityId,
    startDate: input.startDate,
    endDate: input.endDate,
  };
  if (input.kakaoUserKey) {
    const person = {
      userKey: input.kakaoUserKey,
      phone: input.phone,
      language: input.language,
      consentVersion: input.consentVersion,
    };
    return registerStayFromChat(ctx, person, stayInput);
  }
  const consent = { version: input.consentVersion, at: input.consentAt };
  let travelerId = input.travelerId;
  if (travelerId && (await getTraveler(ctx, travelerId))) {
    const actor = { kind: 'traveler' as const, id: travelerId };
    await updateTraveler(
      ctx,
      travelerId,
      { consent, ...(input.phone ? { phone: input.phone } : {}) },
      actor,
    );
  } else {
    const created = await createTraveler(
      ctx,
      { phone: input.phone, language: input.language, consent },
      { kind: 'system', id: 'chat' },
    );
    travelerId = created.id;
  }
  const stay = await addStay(ctx, travelerId, stayInput, { kind: 'traveler', id: travelerId });
  return { travelerId, stay };
}

/**
 * Kakao user keys recently found to have no traveler, by database. Most chat users never
 * register, and looking each one up on every message costs two queries. A traveler created
 * elsewhere (a CSV import) is seen within a minute, and one created from chat at once.
 */
const unregistered = new WeakMap<object, Map<string, number>>();
const unregisteredTtlMs = 60_000;
const unregisteredMaxKeys = 50_000;

/** Finds the traveler of a conversation: its own link first, then the Kakao user key. */
export async function findTravelerId(
  ctx: AppContext,
  linked: string | null,
  kakaoUserKey: string | null,
): Promise<string | null> {
  if (linked) return linked;
  if (!kakaoUserKey) return null;

  let known = unregistered.get(ctx.db);
  if (!known) unregistered.set(ctx.db, (known = new Map()));
  const checkedAt = known.get(kakaoUserKey);
  if (checkedAt !== undefined && Date.now() - checkedAt < unregisteredTtlMs) return null;

  const id = (await findTravelerByKakaoKey(ctx, kakaoUserKey))?.id ?? null;
  known.delete(kakaoUserKey);
  if (!id) {
    known.set(kakaoUserKey, Date.now());
    if (known.size > unregisteredMaxKeys) known.delete(known.keys().next().value!);
  }
  return id;
}

/** Stays that have not ended by `today` (YYYY-MM-DD), soonest first. */
export async function listActiveStays(
  ctx: AppContext,
  travelerId: string,
  today: string,
): Promise<TravelerStay[]> {
  const stays = await listStays(ctx, travelerId);
  return stays
    .filter((stay) => stay.endDate >= today)
    .sort((a, b) => a.startDate.localeCompare(b.startDate));
}

/** Ends a stay by deleting it: nothing of a stay that ended early is worth keeping. */
export async function endTravelerStay(
  ctx: AppContext,
  travelerId: string,
  stayId: string,
  actor: Actor,
): Promise<void> {
  await deleteStay(ctx, travelerId, stayId, actor);
}

/** Erases the traveler with every stay and copy; the user asked to stop all alerts. */
export async function unregisterTraveler(ctx: AppContext, travelerId: string): Promise<void> {
  await eraseTravelers(
    ctx,
    [travelerId],
    { kind: 'traveler', id: travelerId },
    'traveler.unregister',
  );
}

export interface MissionContact {
  code: string;
  nameKo: string;
  nameEn: string;
  address: string | null;
  phone: string | null;
  emergencyPhone: string | null;
}

/**
 * The mission responsible for a place. Without a point, the place of the embassy in the
 * country is used instead, so a country-wide question gets the embassy.
 */
export function missionFor(
  country: string,
  lon: number | null,
  lat: number | null,
): MissionContact | undefined {
  const point = lon !== null && lat !== null ? { lon, lat } : embassyPoint(country);
  const mission = point ? resolveMission(country, point.lon, point.lat) : undefined;
  return mission ? toContact(mission) : undefined;
}

function embassyPoint(country: string): { lon: number; lat: number } | undefined {
  const hosted = listMissions().filter((mission) => mission.country === country);
  return (
    hosted.find((mission) => mission.kind === 'embassy') ??
    hosted[0] ??
    listMissions().find((mission) =>
      mission.jurisdiction.some((entry) => entry.country === country),
    )
  );
}

function toContact(mission: Mission): MissionContact {
  return {
    code: mission.code,
    nameKo: mission.nameKo,
    nameEn: mission.nameEn ?? mission.nameKo,
    address: mission.address,
    phone: mission.phone,
    emergencyPhone: mission.emergencyPhone,
  };
}

export function searchCities(query: string, country?: string): City[] {
  return findCities(query, { country, limit: 5 });
}

export type CheckInAnswer = 'safe' | 'need-help';

export interface CheckInAnswerInput {
  travelerId: string | null;
  conversationId: string;
  answer: CheckInAnswer;
  /** The alert whose question the user replies to, when the tapped button names it. */
  alertId: string | null;
}

export interface RecordedCheckIn {
  recorded: boolean;
  /** The case the check-in service opened for "need help", if it did. */
  caseId: string | null;
}

/**
 * Records a traveler's answer to a safety check-in. `recorded` is false when no check-in of the
 * traveler matches, so the bot still routes a "need help" answer to a person.
 */
export async function recordCheckInAnswer(
  ctx: AppContext,
  input: CheckInAnswerInput,
): Promise<RecordedCheckIn> {
  if (!input.travelerId) return { recorded: false, caseId: null };
  const alertId = input.alertId ?? (await latestAlertOfTraveler(ctx, input.travelerId));
  if (!alertId) return { recorded: false, caseId: null };
  try {
    const result = await recordCheckIn(ctx, {
      alertId,
      travelerId: input.travelerId,
      answer: input.answer,
      via: 'chat',
    });
    return { recorded: true, caseId: result.caseId };
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    ctx.log.info(
      { component: 'chat', conversationId: input.conversationId, alertId },
      'check-in answer matches no alert of the traveler',
    );
    return { recorded: false, caseId: null };
  }
}
