import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { dialectOf } from '../db/dialect.js';

/**
 * A rate limit shared by every worker through the `rate_slots` table, so it holds across
 * processes and nodes on SQLite and PostgreSQL alike.
 *
 * Time is cut into slots of `slotMs`, each with a quota. A provider that counts a sliding
 * window of 1,000 ms sees requests from at most `slotsPerSecond + 2` slots in any window, once
 * we allow one slot of network jitter, so the quota is `floor(limit / (slotsPerSecond + 2))`.
 * With ten slots a second that uses 10/12 of the limit and never exceeds it.
 */
export interface SlotPlan {
  slotMs: number;
  quota: number;
}

export function planSlots(limitPerSecond: number): SlotPlan {
  if (limitPerSecond >= 12) return { slotMs: 100, quota: Math.floor(limitPerSecond / 12) };
  if (limitPerSecond >= 3) {
    // One message per slot: limit - 2 slots a second keeps any window at or below the limit.
    return { slotMs: Math.ceil(1000 / (limitPerSecond - 2)), quota: 1 };
  }
  // NOTE: below 3 per second a 1,000 ms window can still see 2 messages.
  return { slotMs: 1000, quota: 1 };
}

export class SlotRateLimiter {
  readonly plan: SlotPlan;

  constructor(
    private readonly db: Kysely<Database>,
    readonly bucket: string,
    readonly limitPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.plan = planSlots(limitPerSecond);
  }

  /**
   * Takes up to `wanted` permits, waiting for a slot with room when none is left. Returns how
   * many were granted (at least 1). Permits are only handed out in the first half of a slot,
   * so the requests they allow reach the provider before the slot ends.
   */
  async take(wanted: number, signal?: AbortSignal): Promise<number> {
    while (!signal?.aborted) {
      const now = this.now();
      const slotStart = now - (now % this.plan.slotMs);
      if (now - slotStart <= this.plan.slotMs / 2) {
        const granted = await this.grant(slotStart, Math.min(wanted, this.plan.quota));
        if (granted > 0) return granted;
      }
      await sleep(slotStart + this.plan.slotMs - now + 1);
    }
    return 0;
  }

  private grant(slot: number, wanted: number): Promise<number> {
    return grantPermits(this.db, this.bucket, slot, wanted, this.plan.quota);
  }
}

/**
 * Grants up to `wanted` of a slot's `quota` permits and returns how many, 0 when it is used up.
 * Safe under concurrency on both dialects.
 */
export async function grantPermits(
  db: Kysely<Database>,
  bucket: string,
  slot: number,
  wanted: number,
  quota: number,
): Promise<number> {
  await db
    .insertInto('rate_slots')
    .values({ bucket, slot, used: 0, last_grant: 0 })
    .onConflict((conflict) => conflict.columns(['bucket', 'slot']).doNothing())
    .execute();

  // Both SET expressions read the row as it was before this update, and the row lock (or
  // SQLite's single writer) makes concurrent takers see each other's increments.
  const capped = dialectOf(db) === 'postgres' ? sql`least` : sql`min`;
  const row = await db
    .updateTable('rate_slots')
    .set({
      used: sql`${capped}(${quota}, used + ${wanted})`,
      last_grant: sql`${capped}(${quota}, used + ${wanted}) - used`,
    })
    .where('bucket', '=', bucket)
    .where('slot', '=', slot)
    .returning('last_grant')
    .executeTakeFirst();
  return Math.max(0, Number(row?.last_grant ?? 0));
}

/** Deletes slots older than two minutes; any worker may call it now and then. */
export async function pruneRateSlots(db: Kysely<Database>, nowMs = Date.now()): Promise<number> {
  const result = await db
    .deleteFrom('rate_slots')
    .where('slot', '<', nowMs - 120_000)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
