import { z } from 'zod';
import type { ApiRouter } from '../server/router.js';
import {
  claimConversation,
  closeConversation,
  listQueue,
  readConversation,
  replyAsAgent,
} from './handoff.service.js';

const roles = ['agent', 'admin'] as const;
const idParams = z.object({ id: z.string().min(1, 'expected a conversation id') });
const listQuery = z.object({
  view: z
    .enum(['waiting', 'mine', 'open'], { error: 'expected waiting, mine or open' })
    .default('open'),
});
const replyBody = z.object({ text: z.string({ error: 'expected the message text' }) });
const closeBody = z.object({ note: z.string().max(2000).optional() }).optional();

/** Registers the agents' side of hand-off: the queue, read, take, reply and close. */
export function registerConversationRoutes(api: ApiRouter): void {
  api.route(
    {
      method: 'GET',
      url: '/api/v1/conversations',
      roles,
      summary: 'List conversations handed to people: waiting, mine, or open (both)',
      tags: ['chat'],
      query: listQuery,
    },
    async ({ query, staff }) => ({ items: await listQueue(api.ctx, staff!, query.view) }),
  );

  api.route(
    {
      method: 'GET',
      url: '/api/v1/conversations/:id',
      roles,
      summary: 'Read a conversation with its messages',
      tags: ['chat'],
      params: idParams,
    },
    async ({ params }) => readConversation(api.ctx, params.id),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/v1/conversations/:id/claim',
      roles,
      summary: 'Take a waiting conversation; the bot stays silent while you have it',
      tags: ['chat'],
      params: idParams,
    },
    async ({ params, staff }) => claimConversation(api.ctx, params.id, staff!),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/v1/conversations/:id/messages',
      roles,
      summary: 'Send a message to the user; takes the conversation if it was waiting',
      tags: ['chat'],
      params: idParams,
      body: replyBody,
    },
    async ({ params, body, staff, reply }) => {
      const message = await replyAsAgent(api.ctx, params.id, staff!, body.text);
      reply.code(201);
      return message;
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/api/v1/conversations/:id/close',
      roles,
      summary: 'End the hand-off; the user is told and returns to the bot',
      tags: ['chat'],
      params: idParams,
      body: closeBody,
    },
    async ({ params, body, staff }) => closeConversation(api.ctx, params.id, staff!, body?.note),
  );
}
