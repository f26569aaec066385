import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { handleMessage, messagesFor, type TurnResult } from '../../chat/index.js';
import { RateLimiter, type RateLimitOptions } from '../../chat/rate-limit.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../server/errors.js';
import { sendProblem } from '../../server/problem.js';
import { ApiRouter } from '../../server/router.js';
import { callbackAllowed, postCallback } from './skill-callback.js';
import { fallbackSkillResponse, renderValidSkillResponse } from './skill-render.js';
import { parseSkillRequest, type SkillRequest } from './skill-request.js';
import type { SkillResponse } from './skill-response.js';

export interface SkillEndpointOptions {
  /** With a callback URL: reply `useCallback` when the turn takes longer than this (0: always). */
  callbackAfterMs: number;
  /** Without one: reply with a "still working" text at this point; Kakao gives up at 5 s. */
  deadlineMs: number;
  /** Per Kakao user key; every request comes from Kakao's servers, so never per address. */
  rateLimit: RateLimitOptions;
}

export const defaultSkillOptions: SkillEndpointOptions = {
  callbackAfterMs: 1500,
  deadlineMs: 3500,
  rateLimit: { burst: 10, refillMs: 2000 },
};

const ko = messagesFor('ko');

/**
 * Registers `POST /kakao/skill` (or `/kakao/skill/<secret>` when ABROAD_KAKAO_SKILL_SECRET is
 * set). The route answers HTTP 200 with a valid SkillResponse to everything except a wrong
 * secret path (404): malformed JSON, a missing user key, a rate-limited user and internal
 * errors all get a short text the user can act on.
 */
export async function registerSkillRoutes(
  api: ApiRouter,
  options: SkillEndpointOptions = defaultSkillOptions,
): Promise<void> {
  const ctx = api.ctx;
  const secret = ctx.config.kakaoSkillSecret;
  if (!secret) {
    ctx.log.warn(
      { component: 'kakao-skill' },
      'ABROAD_KAKAO_SKILL_SECRET is not set: /kakao/skill accepts requests from anyone; set it to move the endpoint to /kakao/skill/<secret>',
    );
  }
  const limiter = new RateLimiter(options.rateLimit);

  await api.app.register(async (scope: FastifyInstance) => {
    scope.setErrorHandler((error, request, reply) => skillError(ctx, error, request, reply));
    scope.removeContentTypeParser(['application/json', 'text/plain']);
    // Kakao sends JSON; a body that does not parse still gets a valid reply, not a 400.
    scope.addContentTypeParser(
      '*',
      { parseAs: 'string', bodyLimit: 256 * 1024 },
      (_request, body, done) => {
        try {
          done(null, JSON.parse(body as string));
        } catch {
          done(null, undefined);
        }
      },
    );

    const scoped = new ApiRouter(scope, ctx);
    scoped.route(
      {
        method: 'POST',
        url: secret ? '/kakao/skill/:secret' : '/kakao/skill',
        roles: 'public',
        summary: 'Kakao i Open Builder skill: SkillPayload in, SkillResponse 2.0 out',
        tags: ['chat'],
        bodyLimit: 256 * 1024,
      },
      async ({ request, reply }) => {
        if (secret) checkSecret(secret, (request.params as { secret?: string }).secret ?? '');
        reply.header('content-type', 'application/json; charset=utf-8');
        return answerSkill(ctx, request.body, limiter, options, request);
      },
    );
    api.routes.push(...scoped.routes);
  });
}

function checkSecret(secret: string, given: string): void {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  if (!timingSafeEqual(digest(secret), digest(given))) {
    throw new AppError(404, 'not-found', 'no route for POST /kakao/skill/…');
  }
}

async function answerSkill(
  ctx: AppContext,
  body: unknown,
  limiter: RateLimiter,
  options: SkillEndpointOptions,
  request: FastifyRequest,
): Promise<SkillResponse> {
  const parsed = parseSkillRequest(body);
  if (!parsed.ok) {
    request.log.info(
      { component: 'kakao-skill', problems: parsed.problems },
      'unusable skill request',
    );
    return fallbackSkillResponse(ko.menuPrompt, ko.menu.agent);
  }
  const skill = parsed.request;
  if (!limiter.take(skill.userKey)) {
    return fallbackSkillResponse(ko.rateLimited, ko.menu.agent);
  }

  const turn = handleMessage(ctx, {
    channel: 'kakao',
    userKey: skill.userKey,
    text: skill.utterance,
    plusfriendUserKey: skill.plusfriendUserKey,
    language: skill.lang?.toLowerCase().startsWith('en') ? 'en' : 'ko',
    timeZone: skill.timezone,
    extra: skill.clientExtra,
  });
  const render = (result: TurnResult) => renderTurn(ctx, result);
  const callbackUrl = usableCallback(ctx, skill);
  const waitMs = callbackUrl ? options.callbackAfterMs : options.deadlineMs;

  // With a callback URL and no wait at all, every turn takes the callback path.
  const settled: Settled<TurnResult> =
    callbackUrl && waitMs <= 0 ? { done: false } : await within(turn, waitMs);
  if (settled.done) return settled.error ? failure(ctx, settled.error) : render(settled.value!);

  if (callbackUrl) {
    void turn
      .then(render, (error) => failure(ctx, error))
      .then((response) => postCallback(callbackUrl, response, ctx.log));
    return { version: '2.0', useCallback: true, data: { text: messagesFor('ko').slow } };
  }
  void turn.catch((error) => failure(ctx, error));
  ctx.log.warn({ component: 'kakao-skill', waitMs }, 'turn passed the skill deadline');
  return fallbackSkillResponse(ko.slow, ko.menu.agent);
}

function usableCallback(ctx: AppContext, skill: SkillRequest): string | undefined {
  if (!skill.callbackUrl) return undefined;
  if (callbackAllowed(skill.callbackUrl, ctx.config.kakaoCallbackHosts)) return skill.callbackUrl;
  ctx.log.warn(
    { component: 'kakao-skill', host: safeHost(skill.callbackUrl) },
    'ignoring a callback URL outside ABROAD_KAKAO_CALLBACK_HOSTS',
  );
  return undefined;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}

type Settled<T> = { done: false } | { done: true; value?: T; error?: unknown };

async function within<T>(work: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  const finished = work.then(
    (value): Settled<T> => ({ done: true, value }),
    (error): Settled<T> => ({ done: true, error }),
  );
  try {
    return await Promise.race([finished, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function renderTurn(ctx: AppContext, result: TurnResult): SkillResponse {
  const messages = messagesFor(result.conversation.language);
  try {
    return renderValidSkillResponse(
      result.reply,
      result.agentMessages,
      messages.handoff.agentPrefix,
      messages.handoff.relayed,
    );
  } catch (error) {
    return failure(ctx, error);
  }
}

function failure(ctx: AppContext, error: unknown): SkillResponse {
  ctx.log.error({ component: 'kakao-skill', err: error }, 'skill turn failed');
  return fallbackSkillResponse(ko.failure, ko.menu.agent);
}

function skillError(ctx: AppContext, error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError && error.status === 404) return sendProblem(error, request, reply);
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 413) ctx.log.info({ component: 'kakao-skill' }, 'skill request body too large');
  else ctx.log.error({ component: 'kakao-skill', err: error }, 'skill request failed');
  return reply
    .code(200)
    .type('application/json; charset=utf-8')
    .send(fallbackSkillResponse(ko.failure, ko.menu.agent));
}
