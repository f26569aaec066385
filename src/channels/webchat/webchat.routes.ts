import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RateLimiter, type RateLimitOptions } from '../../chat/rate-limit.js';
import { AppError } from '../../server/errors.js';
import type { ApiRouter } from '../../server/router.js';
import { sendWebMessage, startSession, tokenPattern, webMessagesAfter } from './webchat.service.js';

/** Per address: a browser user types far slower than this. */
export const webChatRateLimit: RateLimitOptions = { burst: 20, refillMs: 1000 };

const pageFolder = fileURLToPath(new URL('../../../web/chat/', import.meta.url));
const pageFiles: Record<string, { file: string; type: string }> = {
  '/chat': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/chat/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/chat/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

const sessionBody = z.object({ language: z.enum(['ko', 'en']).default('ko') }).optional();
const messageBody = z.object({
  text: z
    .string({ error: 'expected the message text' })
    .max(5000, 'expected at most 5,000 characters'),
});
const afterQuery = z.object({ after: z.string().max(64).optional() });

/** Registers the web chat page and its small JSON API over the same conversation engine. */
export function registerWebChatRoutes(api: ApiRouter, rateLimit = webChatRateLimit): void {
  // NOTE: request.ip is the peer address; behind a reverse proxy every visitor shares the
  // proxy's address unless Fastify's trustProxy is set for it.
  const limiter = new RateLimiter(rateLimit);
  const limit = (request: FastifyRequest) => {
    if (!limiter.take(request.ip)) {
      throw new AppError(
        429,
        'rate-limited',
        'too many chat requests from this address; wait a few seconds',
        {
          headers: { 'retry-after': '2' },
        },
      );
    }
  };

  for (const [url, page] of Object.entries(pageFiles)) {
    api.app.get(url, async (_request, reply) => {
      // Read on each request so an edited page shows without a restart; the files are small.
      reply.type(page.type).header('cache-control', 'no-cache');
      return readFileSync(`${pageFolder}${page.file}`);
    });
  }

  api.route(
    {
      method: 'POST',
      url: '/chat/api/sessions',
      roles: 'public',
      summary: 'Start a web chat session',
      tags: ['chat'],
      body: sessionBody,
    },
    async ({ body, request, reply }) => {
      limit(request);
      reply.code(201);
      return startSession(api.ctx, body?.language ?? 'ko');
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/chat/api/messages',
      roles: 'public',
      summary: 'Send a web chat message',
      tags: ['chat'],
      body: messageBody,
    },
    async ({ body, request }) => {
      limit(request);
      return sendWebMessage(api.ctx, sessionToken(request), body.text);
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/chat/api/messages',
      roles: 'public',
      summary: 'Read web chat messages after an id',
      tags: ['chat'],
      query: afterQuery,
    },
    async ({ query, request }) => {
      limit(request);
      const found = await webMessagesAfter(api.ctx, sessionToken(request), query.after);
      if (!found)
        throw new AppError(
          404,
          'no-session',
          'no chat for this session token; start one with POST /chat/api/sessions',
        );
      return found;
    },
  );
}

function sessionToken(request: FastifyRequest): string {
  const token = request.headers['x-chat-session'];
  if (typeof token !== 'string' || !tokenPattern.test(token)) {
    throw new AppError(
      401,
      'no-session',
      'send the x-chat-session header from POST /chat/api/sessions',
    );
  }
  return token;
}
