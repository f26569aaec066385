import type { Actor } from '../audit/index.js';
import type { AppContext } from '../context.js';
import { findCities, type City } from '../geo/index.js';

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

export class DomainUnavailableError extends Error {
  constructor(what: string) {
    super(`${what} is not available in this build`);
    this.name = 'DomainUnavailableError';
  }
}

/** Opens a case in the cases domain for a report, an application or an emergency. */
export async function openChatCase(
  _ctx: AppContext,
  _input: NewChatCase,
  _actor: Actor,
): Promise<OpenedCase> {
  // TODO: call openCase from the cases domain once it is on main.
  throw new DomainUnavailableError('the cases domain');
}

export function caseReference(caseId: string): string {
  return caseId.replace(/-/g, '').slice(-8).toUpperCase();
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

/** Registers a traveler (when new) and a stay; returns both ids and the stay as stored. */
export async function registerStay(
  _ctx: AppContext,
  _input: NewStayRequest,
): Promise<{ travelerId: string; stay: TravelerStay }> {
  throw new DomainUnavailableError('the travelers domain');
}

/** Finds the traveler of a conversation: its own link first, then the Kakao user key. */
export async function findTravelerId(
  _ctx: AppContext,
  linked: string | null,
  _kakaoUserKey: string | null,
): Promise<string | null> {
  return linked;
}

export async function listActiveStays(
  _ctx: AppContext,
  _travelerId: string,
  _today: string,
): Promise<TravelerStay[]> {
  throw new DomainUnavailableError('the travelers domain');
}

export async function endTravelerStay(
  _ctx: AppContext,
  _stayId: string,
  _actor: Actor,
): Promise<void> {
  throw new DomainUnavailableError('the travelers domain');
}

export interface MissionContact {
  code: string;
  nameKo: string;
  nameEn: string;
  address: string;
  phone: string | null;
  emergencyPhone: string | null;
}

/** The mission responsible for a place; the country's embassy when no point is known. */
export function missionFor(
  _country: string,
  _lon: number | null,
  _lat: number | null,
): MissionContact | undefined {
  // TODO: call resolveMission from the missions domain once it is on main.
  return undefined;
}

export function searchCities(query: string, country?: string): City[] {
  return findCities(query, { country, limit: 5 });
}

export type CheckInAnswer = 'safe' | 'need-help';

/**
 * Records a traveler's answer to a safety check-in. Returns false when no check-in is open for
 * the traveler, so the bot can still route a "need help" answer to a person.
 */
export async function recordCheckInAnswer(
  ctx: AppContext,
  input: { travelerId: string | null; conversationId: string; answer: CheckInAnswer },
): Promise<boolean> {
  // TODO: call recordCheckIn from the alerts domain once it is on main.
  ctx.log.info(
    { component: 'chat', conversationId: input.conversationId, answer: input.answer },
    'check-in answer received before the check-in service exists',
  );
  return false;
}
