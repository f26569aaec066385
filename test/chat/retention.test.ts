import { expect, it } from 'vitest';
import { findByUser } from '../../src/chat/chat.repo.js';
import { chatRetentionJob, handleMessage } from '../../src/chat/index.js';
import { createInterpretationRequest } from '../../src/interpretation/index.js';
import { countRows, forEachDialect } from '../support/db.js';

forEachDialect('chat retention job', (get) => {
  it('deletes anonymous conversations idle past the retention period', async () => {
    const ctx = get().ctx;
    await handleMessage(ctx, {
      channel: 'web',
      userKey: 'old-visitor',
      text: '여권을 잃어버렸어요',
    });
    await handleMessage(ctx, {
      channel: 'web',
      userKey: 'new-visitor',
      text: '여권을 잃어버렸어요',
    });
    const old = (await findByUser(ctx.db, 'web', 'old-visitor'))!;
    const longAgo = new Date(Date.now() - 31 * 86_400_000).toISOString();
    await ctx.db
      .updateTable('conversations')
      .set({ last_message_at: longAgo })
      .where('id', '=', old.id)
      .execute();
    await createInterpretationRequest(
      ctx.db,
      { language: 'en', situation: 'police', phone: '+66812345678' },
      { kind: 'system', id: 'test' },
    );
    await ctx.db.updateTable('interpretation_requests').set({ created_at: longAgo }).execute();

    await chatRetentionJob.run(ctx, { once: true, signal: new AbortController().signal });
    expect(await findByUser(ctx.db, 'web', 'old-visitor')).toBeUndefined();
    expect(await findByUser(ctx.db, 'web', 'new-visitor')).toBeDefined();
    expect(await countRows(ctx, 'interpretation_requests')).toBe(0);
  });
});
