import { alimtalkWebhookSignatureHeader, readAlimtalkWebhook } from '../channels/index.js';
import { AppError } from '../server/errors.js';
import type { ApiRouter } from '../server/router.js';
import { applyProviderResult } from './results.js';

/**
 * Registers the NHN Cloud AlimTalk result webhook. Outside /api/v1, its credential is the signature
 * header set in NHN's console (ABROAD_NHN_WEBHOOK_SECRET), compared in constant time. Without
 * the secret configured the route returns 404, as if it did not exist.
 */
export function registerProviderHookRoutes(api: ApiRouter): void {
  api.route(
    {
      method: 'POST',
      url: '/hooks/nhn/alimtalk',
      roles: 'public',
      summary: 'Receive AlimTalk delivery results from NHN Cloud',
      tags: ['alerts'],
    },
    async ({ body, request }) => {
      const secret = api.ctx.config.providerWebhookSecret;
      if (!secret)
        throw new AppError(404, 'not-found', 'the AlimTalk result webhook is not configured');

      const signature = request.headers[alimtalkWebhookSignatureHeader];
      const reading = readAlimtalkWebhook(
        { signature: typeof signature === 'string' ? signature : undefined, body },
        secret,
      );
      if (!reading.ok) {
        const code = reading.status === 401 ? 'unauthenticated' : 'invalid-request';
        throw new AppError(reading.status, code, reading.reason);
      }

      let applied = 0;
      for (const update of reading.updates) {
        if (!update.recipientGroupingKey) continue;
        const changed = await applyProviderResult(api.ctx, {
          groupingKey: update.recipientGroupingKey,
          state: update.state,
          resultCode: update.resultCode,
        });
        if (changed) applied += 1;
      }
      return { event: reading.event, received: reading.updates.length, applied };
    },
  );
}
