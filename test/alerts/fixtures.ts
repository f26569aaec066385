import type { AppContext } from '../../src/context.js';
import type { HazardEvent } from '../../src/hazards/index.js';
import { newId } from '../../src/ids.js';
import { addStay, createTraveler } from '../../src/travelers/index.js';

const actor = { kind: 'system' as const, id: 'test' };
let counter = 0;

export const places = {
  wajima: { country: 'JP', lon: 136.89912, lat: 37.40458 },
  kanazawa: { country: 'JP', lon: 136.61667, lat: 36.6 },
  tokyo: { country: 'JP', lon: 139.69171, lat: 35.6895 },
  paris: { country: 'FR', lon: 2.3488, lat: 48.85341 },
};

function today(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Registers a traveler with one stay at a place, from two days ago to a week ahead. */
export async function travelerAt(
  ctx: AppContext,
  place: { country: string; lon: number; lat: number },
  contact: { phone?: string | null; kakaoUserKey?: string | null } = {},
) {
  counter += 1;
  const phone =
    contact.phone === undefined
      ? `+442079460${String(counter % 1000).padStart(3, '0')}`
      : contact.phone;
  const traveler = await createTraveler(
    ctx,
    {
      ref: `t-${counter}-${newId().slice(-6)}`,
      name: '김민준',
      phone,
      kakaoUserKey: contact.kakaoUserKey ?? null,
      consent: { version: 'test' },
    },
    actor,
  );
  await addStay(ctx, traveler.id, { ...place, startDate: today(-2), endDate: today(7) }, actor);
  return traveler;
}

/** A hazard event version with a circle around a point, valid from a minute ago for a day. */
export function circleEvent(
  center: { lon: number; lat: number; country: string },
  overrides: Partial<HazardEvent> = {},
): HazardEvent {
  const sent = new Date(Date.now() - 60_000).toISOString();
  return {
    source: 'cap',
    sourceId: `test-${newId()}`,
    part: 0,
    versionKey: '1',
    sender: 'test',
    sent,
    status: 'actual',
    msgType: 'alert',
    references: [],
    hazardType: 'earthquake',
    event: 'Earthquake',
    category: ['Geo'],
    severity: 'severe',
    urgency: 'immediate',
    certainty: 'observed',
    onset: sent,
    effective: sent,
    expires: new Date(Date.now() + 86_400_000).toISOString(),
    languages: ['en'],
    headline: { en: 'Strong earthquake' },
    description: {},
    instruction: {},
    areas: [
      {
        description: 'Noto',
        polygons: [],
        circles: [{ center: [center.lon, center.lat], radiusKm: 30 }],
        geocodes: [],
      },
    ],
    countries: [center.country],
    areaKind: 'shapes',
    magnitude: null,
    depthKm: null,
    epicenter: null,
    web: null,
    ...overrides,
  } as HazardEvent;
}

/** A stored version as the hazards domain hands it to its hooks. */
export function versionOf(event: HazardEvent, eventId = newId()) {
  return { id: newId(), eventId, event };
}
