import type { Kysely } from 'kysely';
import { recordAudit, type Actor } from '../audit/index.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/database.js';
import { pruneStayChanges } from './stay-index.js';
import { bumpStayRevision, readStayRevision } from './travelers.repo.js';

/**
 * Erases one domain's copies of travelers' personal data and returns how many records it
 * changed. It runs inside the purge's transaction (`ctx.db` is that transaction) and receives
 * both the ids and the refs, because some copies (the file outbox) only know the ref.
 */
export type Eraser = (ctx: AppContext, travelerIds: string[], refs: string[]) => Promise<number>;

const erasers = new Map<string, Eraser>();

/** Registers a domain's eraser under a name; registering the same name again replaces it. */
export function registerEraser(name: string, eraser: Eraser): void {
  erasers.set(name, eraser);
}

export function registeredErasers(): string[] {
  return [...erasers.keys()];
}

/**
 * Erases travelers: their stays, their personal fields (ref, name, phone, user key, e-mail),
 * and every copy held by other domains' registered erasers. The traveler row stays, emptied,
 * so that alerts and cases keep their references. Returns how many travelers were erased.
 */
export async function eraseTravelers(
  ctx: AppContext,
  travelerIds: string[],
  actor: Actor,
  action = 'traveler.erase',
): Promise<number> {
  if (travelerIds.length === 0) return 0;
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('travelers')
      .select(['id', 'ref'])
      .where('id', 'in', travelerIds)
      .where('erased_at', 'is', null)
      .execute();
    if (rows.length === 0) return 0;
    const ids = rows.map((row) => row.id);
    const refs = rows.map((row) => row.ref).filter((ref): ref is string => ref !== null);

    const counts = await runErasers({ ...ctx, db: trx }, ids, refs);
    const stays = await trx
      .selectFrom('stays')
      .select('id')
      .where('traveler_id', 'in', ids)
      .execute();
    await trx.deleteFrom('stays').where('traveler_id', 'in', ids).execute();
    await blankTravelers(trx, ids);
    await bumpStayRevision(
      trx,
      stays.map((stay) => stay.id),
    );
    for (const id of ids) {
      await recordAudit(trx, {
        actor,
        action,
        entityType: 'traveler',
        entityId: id,
        details: { counts },
      });
    }
    return ids.length;
  });
}

async function runErasers(ctx: AppContext, ids: string[], refs: string[]) {
  const counts: Record<string, number> = {};
  for (const [name, eraser] of erasers) {
    counts[name] = await eraser(ctx, ids, refs);
  }
  return counts;
}

async function blankTravelers(trx: Kysely<Database>, ids: string[]) {
  const now = new Date().toISOString();
  await trx
    .updateTable('travelers')
    .set({
      ref: null,
      name: null,
      phone: null,
      kakao_user_key: null,
      email: null,
      consent_version: null,
      updated_at: now,
      erased_at: now,
    })
    .where('id', 'in', ids)
    .execute();
}

export interface PurgeResult {
  staysErased: number;
  travelersErased: number;
  cutoffDate: string;
}

/**
 * Erases stays that ended more than the retention period ago (real clock, never ABROAD_NOW),
 * then the personal data of travelers left with no stay: those whose last stay went now, and
 * those registered longer than the retention period ago without any stay.
 */
export async function purgeExpired(ctx: AppContext): Promise<PurgeResult> {
  const cutoff = new Date(ctx.clock.real().getTime() - ctx.config.retentionDays * 86_400_000);
  const cutoffDate = cutoff.toISOString().slice(0, 10);
  const system: Actor = { kind: 'system', id: 'retention' };

  const expired = await ctx.db
    .selectFrom('stays')
    .select(['id', 'traveler_id'])
    .where('end_date', '<', cutoffDate)
    .execute();
  const touched = [...new Set(expired.map((row) => row.traveler_id))];
  await deleteStays(
    ctx,
    expired.map((row) => row.id),
    system,
  );

  const emptied = await travelersWithoutStays(ctx, touched, cutoff.toISOString());
  const travelersErased = await eraseTravelers(ctx, emptied, system, 'traveler.purge');
  // Indexes built more than this many revisions ago reload every stay instead of patching.
  await pruneStayChanges(ctx.db, (await readStayRevision(ctx.db)) - 10_000);
  const result = { staysErased: expired.length, travelersErased, cutoffDate };
  ctx.log.info({ component: 'retention', ...result }, 'retention purge done');
  return result;
}

async function deleteStays(ctx: AppContext, stayIds: string[], actor: Actor) {
  for (let offset = 0; offset < stayIds.length; offset += 500) {
    const batch = stayIds.slice(offset, offset + 500);
    await ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('stays').where('id', 'in', batch).execute();
      await bumpStayRevision(trx, batch);
      await recordAudit(trx, {
        actor,
        action: 'stay.purge',
        entityType: 'stay',
        entityId: batch[0],
        details: { count: batch.length, ids: batch },
      });
    });
  }
}

async function travelersWithoutStays(ctx: AppContext, touched: string[], cutoff: string) {
  const stale = await ctx.db
    .selectFrom('travelers')
    .select('id')
    .where('erased_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(touched.length > 0 ? [eb('id', 'in', touched)] : []),
        eb('created_at', '<', cutoff),
      ]),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('stays').select('id').whereRef('stays.traveler_id', '=', 'travelers.id'),
        ),
      ),
    )
    .execute();
  return stale.map((row) => row.id);
}
