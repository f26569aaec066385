import { registerEraser } from '../travelers/index.js';

/**
 * Registers the retention purge of what alerts keep per traveler: delivery rows, check-in
 * answers and alert targets (place and time zone of a stay). Alert counts shrink accordingly.
 */
export function registerAlertErasers(): void {
  registerEraser('alert-deliveries', async (ctx, travelerIds) => {
    let erased = 0;
    for (let start = 0; start < travelerIds.length; start += 500) {
      const ids = travelerIds.slice(start, start + 500);
      // The purge runs erasers inside its own transaction, which ctx.db is here.
      for (const table of ['deliveries', 'check_ins', 'alert_targets'] as const) {
        const result = await ctx.db
          .deleteFrom(table)
          .where('traveler_id', 'in', ids)
          .executeTakeFirst();
        erased += Number(result.numDeletedRows);
      }
    }
    return erased;
  });
}
