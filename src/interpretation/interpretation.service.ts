import type { Kysely } from 'kysely';
import { recordAudit, type Actor } from '../audit/index.js';
import type { Database } from '../db/database.js';
import { newId } from '../ids.js';
import { ValidationError, type FieldProblem } from '../server/errors.js';

/** The call center's interpreting languages (7 since 2019-08-01), as ISO 639-1 codes. */
export const interpretationLanguages = ['en', 'zh', 'ja', 'vi', 'fr', 'ru', 'es'] as const;
export type InterpretationLanguage = (typeof interpretationLanguages)[number];

export const interpretationSituations = [
  'police',
  'immigration',
  'transport',
  'hospital',
  'lodging',
  'other',
] as const;
export type InterpretationSituation = (typeof interpretationSituations)[number];

export interface NewInterpretationRequest {
  language: string;
  situation: string;
  phone: string;
  conversationId?: string | null;
  travelerId?: string | null;
}

export interface InterpretationRequest {
  id: string;
  language: InterpretationLanguage;
  situation: InterpretationSituation;
  conversationId: string | null;
  travelerId: string | null;
  phone: string;
  status: string;
  createdAt: string;
}

function validate(input: NewInterpretationRequest): void {
  const problems: FieldProblem[] = [];
  if (!interpretationLanguages.includes(input.language as InterpretationLanguage)) {
    problems.push({
      field: 'language',
      value: input.language,
      message: `expected one of ${interpretationLanguages.join(', ')}`,
    });
  }
  if (!interpretationSituations.includes(input.situation as InterpretationSituation)) {
    problems.push({
      field: 'situation',
      value: input.situation,
      message: `expected one of ${interpretationSituations.join(', ')}`,
    });
  }
  if (!/^\+[1-9]\d{6,14}$/.test(input.phone)) {
    problems.push({ field: 'phone', value: input.phone, message: 'expected an E.164 number' });
  }
  if (problems.length > 0) throw new ValidationError(problems);
}

/** Queues a request for an interpreter in one language; audited with its creation. */
export async function createInterpretationRequest(
  db: Kysely<Database>,
  input: NewInterpretationRequest,
  actor: Actor,
): Promise<InterpretationRequest> {
  validate(input);
  const now = new Date().toISOString();
  const row = {
    id: newId(),
    language: input.language,
    situation: input.situation,
    conversation_id: input.conversationId ?? null,
    traveler_id: input.travelerId ?? null,
    phone: input.phone,
    status: 'requested',
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('interpretation_requests').values(row).execute();
    await recordAudit(trx, {
      actor,
      action: 'interpretation.requested',
      entityType: 'interpretation_request',
      entityId: row.id,
      details: { language: row.language, situation: row.situation },
    });
  });
  return {
    id: row.id,
    language: row.language as InterpretationLanguage,
    situation: row.situation as InterpretationSituation,
    conversationId: row.conversation_id,
    travelerId: row.traveler_id,
    phone: row.phone,
    status: row.status,
    createdAt: row.created_at,
  };
}

export interface InterpretationQuery {
  status?: string;
  language?: string;
  limit?: number;
}

/** Lists requests oldest first, so the queue of each language is served in order. */
export async function listInterpretationRequests(
  db: Kysely<Database>,
  query: InterpretationQuery = {},
): Promise<InterpretationRequest[]> {
  let select = db.selectFrom('interpretation_requests').selectAll();
  if (query.status) select = select.where('status', '=', query.status);
  if (query.language) select = select.where('language', '=', query.language);
  const rows = await select
    .orderBy('created_at', 'asc')
    .limit(query.limit ?? 200)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    language: row.language as InterpretationLanguage,
    situation: row.situation as InterpretationSituation,
    conversationId: row.conversation_id,
    travelerId: row.traveler_id,
    phone: row.phone,
    status: row.status,
    createdAt: row.created_at,
  }));
}

/** Deletes requests made without a registered traveler before `cutoff`; returns how many. */
export async function eraseAnonymousRequests(db: Kysely<Database>, cutoff: string) {
  const result = await db
    .deleteFrom('interpretation_requests')
    .where('traveler_id', 'is', null)
    .where('created_at', '<', cutoff)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes the requests of travelers whose personal data is purged; returns how many. */
export async function eraseInterpretationRequests(
  db: Kysely<Database>,
  travelerIds: string[],
): Promise<number> {
  if (travelerIds.length === 0) return 0;
  const result = await db
    .deleteFrom('interpretation_requests')
    .where('traveler_id', 'in', travelerIds)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
