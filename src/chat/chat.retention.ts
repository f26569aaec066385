import type { AppContext } from '../context.js';
import { eraseAnonymousRequests, eraseInterpretationRequests } from '../interpretation/index.js';
import { registerEraser } from '../travelers/index.js';
import type { Job } from '../work/job.js';
import { deleteForTravelers, deleteIdleAnonymous } from './chat.repo.js';

/**
 * Erases the conversations, messages and interpretation requests of travelers whose personal
 * data the travelers' purge removes. It runs inside the purge's transaction.
 */
export async function eraseChatCopies(ctx: AppContext, travelerIds: string[]): Promise<number> {
  const conversations = await deleteForTravelers(ctx.db, travelerIds);
  const requests = await eraseInterpretationRequests(ctx.db, travelerIds);
  return conversations + requests;
}

registerEraser('conversations', eraseChatCopies);

/**
 * Deletes anonymous conversations idle longer than the retention period, and interpretation
 * requests of people who never registered, once an hour.
 */
export const chatRetentionJob: Job = {
  name: 'chat-retention',
  intervalMs: 60 * 60 * 1000,
  async run(ctx) {
    const cutoff = new Date(ctx.clock.real().getTime() - ctx.config.retentionDays * 86_400_000);
    const deleted = await deleteIdleAnonymous(ctx.db, cutoff.toISOString());
    const requests = await eraseAnonymousRequests(ctx.db, cutoff.toISOString());
    if (deleted + requests > 0) {
      ctx.log.info(
        { component: 'chat', conversations: deleted, interpretationRequests: requests },
        'deleted anonymous chat data past the retention period',
      );
    }
  },
};
