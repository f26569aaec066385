import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, statusTitles } from './errors.js';

/**
 * Maps any error thrown by a route to an RFC 9457 problem+json response. Expected client errors
 * are logged at info; anything else is logged once with its stack and answered with a 500 that
 * reveals nothing but the request id.
 */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const problem = toProblem(error);
  if (problem.status >= 500) {
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.info({ code: problem.code, status: problem.status }, problem.detail);
  }

  for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      type: `urn:abroad:problem:${problem.code}`,
      title: statusTitles[problem.status] ?? 'Error',
      status: problem.status,
      code: problem.code,
      detail: problem.detail,
      instance: request.url.split('?')[0],
      requestId: request.id,
      ...problem.extra,
    });
}

interface Problem {
  status: number;
  code: string;
  detail: string;
  extra: Record<string, unknown>;
  headers: Record<string, string>;
}

function toProblem(error: unknown): Problem {
  if (error instanceof AppError) {
    const { headers, ...extra } = error.extra as { headers?: Record<string, string> };
    return {
      status: error.status,
      code: error.code,
      detail: error.message,
      extra,
      headers: headers ?? {},
    };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError?.statusCode && fastifyError.statusCode < 500) {
    return {
      status: fastifyError.statusCode,
      code: fastifyCode(fastifyError),
      detail: fastifyError.message,
      extra: {},
      headers: {},
    };
  }
  return {
    status: 500,
    code: 'internal-error',
    detail: 'an unexpected error occurred; quote the request id when reporting it',
    extra: {},
    headers: {},
  };
}

function fastifyCode(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported-media-type';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body-too-large';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'invalid-json';
    default:
      return error.statusCode === 404 ? 'not-found' : 'bad-request';
  }
}
