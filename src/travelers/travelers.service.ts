import type { Kysely } from 'kysely';
import { recordAudit, type Actor } from '../audit/index.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/database.js';
import { newId } from '../ids.js';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../server/errors.js';
import {
  bumpStayRevision,
  findTravelerRow,
  staysOf,
  toStay,
  toTraveler,
  type Stay,
  type Traveler,
} from './travelers.repo.js';
import {
  checkConsentTime,
  checkStayDates,
  checkText,
  isProblem,
  normalizePhone,
  resolvePlace,
  supportedLanguages,
  type PlaceInput,
  type ResolvedPlace,
} from './validation.js';

export interface TravelerInput {
  ref?: string | null;
  name?: string | null;
  phone?: string | null;
  kakaoUserKey?: string | null;
  email?: string | null;
  language?: string | null;
  /** The consent wording version the traveler agreed to, and when. */
  consent?: { version: string; at?: string } | null;
}

export interface StayInput extends PlaceInput {
  startDate: string;
  endDate: string;
}

type TravelerFields = {
  ref: string | null;
  name: string | null;
  phone: string | null;
  kakao_user_key: string | null;
  email: string | null;
  language: string;
  consent_version: string | null;
  consent_at: string | null;
};

/** Checks a traveler's fields and returns them as columns, or every problem found. */
export function checkTraveler(input: TravelerInput, requireConsent: boolean) {
  const problems: FieldProblem[] = [];
  const phone = input.phone ? normalizePhone(input.phone) : null;
  if (isProblem(phone)) problems.push(phone);

  const language = (input.language ?? 'ko').trim().toLowerCase();
  if (!(supportedLanguages as readonly string[]).includes(language)) {
    problems.push({
      field: 'language',
      value: input.language,
      message: `expected one of ${supportedLanguages.join(', ')}`,
    });
  }
  if (input.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) {
    problems.push({ field: 'email', value: input.email, message: 'expected an e-mail address' });
  }
  const textLimits: [string, unknown, number][] = [
    ['ref', input.ref, 64],
    ['name', input.name, 200],
    ['kakaoUserKey', input.kakaoUserKey, 128],
    ['email', input.email, 254],
    ['consent.version', input.consent?.version, 64],
  ];
  for (const [field, value, limit] of textLimits) {
    const problem = checkText(field, value, limit);
    if (problem) problems.push(problem);
  }
  const consentAt = input.consent ? (input.consent.at ?? new Date().toISOString()) : null;
  if (requireConsent && !input.consent?.version) {
    problems.push({
      field: 'consent',
      value: input.consent ?? null,
      message: "registration needs the traveler's consent: give the consent wording version",
    });
  }
  const consentProblem = consentAt ? checkConsentTime(consentAt, new Date()) : undefined;
  if (consentProblem) problems.push(consentProblem);

  const fields: TravelerFields = {
    ref: input.ref?.trim() || null,
    name: input.name?.trim() || null,
    phone: isProblem(phone) ? null : phone,
    kakao_user_key: input.kakaoUserKey?.trim() || null,
    email: input.email?.trim() || null,
    language,
    consent_version: input.consent?.version ?? null,
    consent_at: consentAt && !consentProblem ? new Date(consentAt).toISOString() : null,
  };
  return { problems, fields };
}

/** Checks a stay's place and dates, returning the resolved place or every problem found. */
export function checkStay(input: StayInput): { problems: FieldProblem[]; place?: ResolvedPlace } {
  const problems = checkStayDates(input.startDate, input.endDate);
  const place = resolvePlace(input);
  if (Array.isArray(place)) return { problems: [...problems, ...place] };
  return { problems, place };
}

/** Registers a traveler. The traveler's consent (wording version and time) is required. */
export async function createTraveler(
  ctx: AppContext,
  input: TravelerInput,
  actor: Actor,
): Promise<Traveler> {
  const { problems, fields } = checkTraveler(input, true);
  if (problems.length > 0) throw new ValidationError(problems);

  return ctx.db.transaction().execute(async (trx) => {
    await assertUnique(trx, fields, undefined);
    const now = new Date().toISOString();
    const id = newId();
    const row = {
      id,
      ...fields,
      ref: fields.ref ?? `T-${id.slice(0, 8)}${id.slice(-6)}`,
      created_at: now,
      updated_at: now,
      erased_at: null,
    };
    await trx.insertInto('travelers').values(row).execute();
    await recordAudit(trx, {
      actor,
      action: 'traveler.create',
      entityType: 'traveler',
      entityId: id,
    });
    return toTraveler(row);
  });
}

async function assertUnique(trx: Kysely<Database>, fields: TravelerFields, selfId?: string) {
  const clashes: FieldProblem[] = [];
  if (fields.ref) {
    const other = await trx
      .selectFrom('travelers')
      .select('id')
      .where('ref', '=', fields.ref)
      .executeTakeFirst();
    if (other && other.id !== selfId) {
      clashes.push({ field: 'ref', value: fields.ref, message: 'another traveler has this ref' });
    }
  }
  if (fields.kakao_user_key) {
    const other = await trx
      .selectFrom('travelers')
      .select('id')
      .where('kakao_user_key', '=', fields.kakao_user_key)
      .executeTakeFirst();
    if (other && other.id !== selfId) {
      clashes.push({
        field: 'kakaoUserKey',
        value: '[masked]',
        message: 'another traveler has this user key',
      });
    }
  }
  if (clashes.length > 0)
    throw new ConflictError('traveler-exists', clashes.map((c) => c.message).join('; '));
}

/** Changes a traveler's contact fields; fields left out keep their value. */
export async function updateTraveler(
  ctx: AppContext,
  id: string,
  input: TravelerInput,
  actor: Actor,
): Promise<Traveler> {
  return ctx.db.transaction().execute(async (trx) => {
    const current = await findTravelerRow(trx, id);
    if (!current) throw new NotFoundError('traveler', id);
    const merged: TravelerInput = {
      ref: input.ref !== undefined ? input.ref : current.ref,
      name: input.name !== undefined ? input.name : current.name,
      phone: input.phone !== undefined ? input.phone : current.phone,
      kakaoUserKey: input.kakaoUserKey !== undefined ? input.kakaoUserKey : current.kakao_user_key,
      email: input.email !== undefined ? input.email : current.email,
      language: input.language ?? current.language,
      consent:
        input.consent ??
        (current.consent_version
          ? { version: current.consent_version, at: current.consent_at ?? undefined }
          : null),
    };
    const { problems, fields } = checkTraveler(merged, false);
    if (problems.length > 0) throw new ValidationError(problems);
    await assertUnique(trx, fields, id);

    const updated = {
      ...fields,
      ref: fields.ref ?? current.ref,
      updated_at: new Date().toISOString(),
    };
    await trx.updateTable('travelers').set(updated).where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      action: 'traveler.update',
      entityType: 'traveler',
      entityId: id,
      details: { fields: Object.keys(input) },
    });
    return toTraveler({ ...current, ...updated });
  });
}

/** Deletes a traveler, with every stay, at the traveler's or a staff member's request. */
export async function deleteTraveler(ctx: AppContext, id: string, actor: Actor): Promise<void> {
  const { eraseTravelers } = await import('./retention.js');
  const erased = await eraseTravelers(ctx, [id], actor, 'traveler.delete');
  if (erased === 0) throw new NotFoundError('traveler', id);
}

/** Adds a stay to a traveler who has consented; its place resolves to coordinates and mission. */
export async function addStay(
  ctx: AppContext,
  travelerId: string,
  input: StayInput,
  actor: Actor,
): Promise<Stay> {
  const { problems, place } = checkStay(input);
  if (problems.length > 0 || !place) throw new ValidationError(problems);

  return ctx.db.transaction().execute(async (trx) => {
    const traveler = await findTravelerRow(trx, travelerId);
    if (!traveler) throw new NotFoundError('traveler', travelerId);
    if (!traveler.consent_at) {
      throw new ValidationError([
        {
          field: 'consent',
          value: null,
          message: 'the traveler has not consented; record consent first',
        },
      ]);
    }
    const now = new Date().toISOString();
    const row = {
      id: newId(),
      traveler_id: travelerId,
      country: place.country,
      city_id: place.cityId,
      place_name: place.placeName,
      lon: place.lon,
      lat: place.lat,
      time_zone: place.timeZone,
      start_date: input.startDate,
      end_date: input.endDate,
      mission_code: place.missionCode,
      created_at: now,
      updated_at: now,
    };
    await insertStay(trx, row);
    await bumpStayRevision(trx, [row.id]);
    await recordAudit(trx, { actor, action: 'stay.create', entityType: 'stay', entityId: row.id });
    return toStay(row);
  });
}

async function insertStay(trx: Kysely<Database>, row: Parameters<typeof toStay>[0]) {
  await assertNoOtherStay(trx, row.traveler_id, row.country, row.start_date, undefined);
  await trx.insertInto('stays').values(row).execute();
}

/** A traveler has one stay per country and start date; that pair identifies it in imports. */
async function assertNoOtherStay(
  trx: Kysely<Database>,
  travelerId: string,
  country: string,
  startDate: string,
  selfId: string | undefined,
) {
  const clash = await trx
    .selectFrom('stays')
    .select('id')
    .where('traveler_id', '=', travelerId)
    .where('country', '=', country)
    .where('start_date', '=', startDate)
    .executeTakeFirst();
  if (clash && clash.id !== selfId) {
    throw new ConflictError(
      'stay-exists',
      `the traveler already has a stay in ${country} starting ${startDate}; update stay ${clash.id} instead`,
    );
  }
}

/** Changes a stay's place or dates; the whole stay is checked again. */
export async function updateStay(
  ctx: AppContext,
  travelerId: string,
  stayId: string,
  input: Partial<StayInput>,
  actor: Actor,
): Promise<Stay> {
  return ctx.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('stays')
      .selectAll()
      .where('id', '=', stayId)
      .where('traveler_id', '=', travelerId)
      .executeTakeFirst();
    if (!current) throw new NotFoundError('stay', stayId);
    const placeGiven =
      input.country ||
      input.city ||
      input.cityId ||
      input.lat !== undefined ||
      input.lon !== undefined;
    const merged: StayInput = placeGiven
      ? {
          country: input.country ?? current.country,
          ...input,
          startDate: input.startDate ?? current.start_date,
          endDate: input.endDate ?? current.end_date,
        }
      : {
          country: current.country,
          cityId: current.city_id,
          lon: Number(current.lon),
          lat: Number(current.lat),
          startDate: input.startDate ?? current.start_date,
          endDate: input.endDate ?? current.end_date,
        };
    const { problems, place } = checkStay(merged);
    if (problems.length > 0 || !place) throw new ValidationError(problems);

    const changes = {
      country: place.country,
      city_id: place.cityId,
      place_name: placeGiven ? place.placeName : current.place_name,
      lon: place.lon,
      lat: place.lat,
      time_zone: place.timeZone,
      start_date: merged.startDate,
      end_date: merged.endDate,
      mission_code: place.missionCode,
      updated_at: new Date().toISOString(),
    };
    await assertNoOtherStay(trx, travelerId, changes.country, changes.start_date, stayId);
    await trx.updateTable('stays').set(changes).where('id', '=', stayId).execute();
    await bumpStayRevision(trx, [stayId]);
    await recordAudit(trx, { actor, action: 'stay.update', entityType: 'stay', entityId: stayId });
    return toStay({ ...current, ...changes });
  });
}

export async function deleteStay(
  ctx: AppContext,
  travelerId: string,
  stayId: string,
  actor: Actor,
) {
  await ctx.db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('stays')
      .where('id', '=', stayId)
      .where('traveler_id', '=', travelerId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw new NotFoundError('stay', stayId);
    await bumpStayRevision(trx, [stayId]);
    await recordAudit(trx, { actor, action: 'stay.delete', entityType: 'stay', entityId: stayId });
  });
}

export async function getTraveler(ctx: AppContext, id: string) {
  const row = await findTravelerRow(ctx.db, id);
  if (!row) throw new NotFoundError('traveler', id);
  return { ...toTraveler(row), stays: await staysOf(ctx.db, [id]) };
}

export async function listStays(ctx: AppContext, travelerId: string): Promise<Stay[]> {
  return staysOf(ctx.db, [travelerId]);
}

export async function findTravelerByKakaoKey(ctx: AppContext, userKey: string) {
  const row = await ctx.db
    .selectFrom('travelers')
    .selectAll()
    .where('kakao_user_key', '=', userKey)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return row ? { ...toTraveler(row), stays: await staysOf(ctx.db, [row.id]) } : undefined;
}

export interface Contact {
  travelerId: string;
  ref: string | null;
  phone: string | null;
  kakaoUserKey: string | null;
  language: string;
}

/** Returns the contact channels of travelers, for dispatch only. Personal data: never log it. */
export async function getContacts(ctx: AppContext, travelerIds: string[]): Promise<Contact[]> {
  const contacts: Contact[] = [];
  for (let offset = 0; offset < travelerIds.length; offset += 500) {
    const rows = await ctx.db
      .selectFrom('travelers')
      .select(['id', 'ref', 'phone', 'kakao_user_key', 'language'])
      .where('id', 'in', travelerIds.slice(offset, offset + 500))
      .where('erased_at', 'is', null)
      .execute();
    for (const row of rows) {
      contacts.push({
        travelerId: row.id,
        ref: row.ref,
        phone: row.phone,
        kakaoUserKey: row.kakao_user_key,
        language: row.language,
      });
    }
  }
  return contacts;
}
