import type { AppContext } from '../context.js';
import { eraseTravelers } from './retention.js';
import {
  addStay,
  createTraveler,
  findTravelerByKakaoKey,
  updateTraveler,
  type StayInput,
} from './travelers.service.js';

export interface SelfRegistration {
  /** Kakao user key (botUserKey) or a web chat visitor key: the channel's id of the person. */
  userKey: string;
  phone?: string | null;
  name?: string | null;
  language?: string;
  consentVersion: string;
}

/**
 * Registers a stay for the person behind a chat user key: finds or creates the traveler with
 * the consent just given, updates the phone when given, and adds the stay. The traveler is the
 * actor in the audit log.
 */
export async function registerStayFromChat(
  ctx: AppContext,
  person: SelfRegistration,
  stay: StayInput,
) {
  const consent = { version: person.consentVersion, at: new Date().toISOString() };
  let traveler = await findTravelerByKakaoKey(ctx, person.userKey);
  if (!traveler) {
    const created = await createTraveler(
      ctx,
      {
        kakaoUserKey: person.userKey,
        phone: person.phone,
        name: person.name,
        language: person.language,
        consent,
      },
      { kind: 'system', id: 'chat' },
    );
    traveler = { ...created, stays: [] };
  } else {
    await updateTraveler(
      ctx,
      traveler.id,
      { consent, ...(person.phone ? { phone: person.phone } : {}) },
      { kind: 'traveler', id: traveler.id },
    );
  }
  const added = await addStay(ctx, traveler.id, stay, { kind: 'traveler', id: traveler.id });
  return { travelerId: traveler.id, stay: added };
}

/** Stops alerts for a chat user: erases the traveler, the stays and the copies at once. */
export async function unregisterFromChat(ctx: AppContext, userKey: string): Promise<boolean> {
  const traveler = await findTravelerByKakaoKey(ctx, userKey);
  if (!traveler) return false;
  await eraseTravelers(
    ctx,
    [traveler.id],
    { kind: 'traveler', id: traveler.id },
    'traveler.unregister',
  );
  return true;
}
