import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z, type ZodType } from 'zod';
import type { AppContext } from '../context.js';
import { authenticate } from '../staff/staff.service.js';
import type { StaffPrincipal, StaffRole } from '../staff/roles.js';
import { AppError, ValidationError, type FieldProblem } from './errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One route. `roles` lists the staff roles allowed; `'public'` marks a route outside `/api/v1`
 * that checks its own credential (chat channels, provider webhooks, signed links).
 */
export interface RouteSpec<P, Q, B> {
  method: HttpMethod;
  url: string;
  roles: readonly StaffRole[] | 'public';
  summary: string;
  tags?: string[];
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** Accept the body as a raw string (XML documents) instead of JSON. */
  rawBody?: boolean;
  /** Largest accepted body in bytes; Fastify's default is 1 MiB. */
  bodyLimit?: number;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The caller; always set on routes with roles. */
  staff: StaffPrincipal | undefined;
  request: FastifyRequest;
  reply: FastifyReply;
}

export type RouteHandler<P, Q, B> = (input: RouteInput<P, Q, B>) => Promise<unknown>;

export interface RegisteredRoute {
  spec: RouteSpec<unknown, unknown, unknown>;
}

/**
 * Registers routes on Fastify with Zod validation of params, query and body, bearer-token
 * authorization by role, and an entry in the OpenAPI document. Validation reports every
 * invalid field of all three parts at once.
 */
export class ApiRouter {
  readonly routes: RegisteredRoute[] = [];

  constructor(
    readonly app: FastifyInstance,
    readonly ctx: AppContext,
  ) {}

  route<P = unknown, Q = unknown, B = unknown>(
    spec: RouteSpec<P, Q, B>,
    handler: RouteHandler<P, Q, B>,
  ): void {
    if (spec.url.startsWith('/api/v1') && spec.roles === 'public') {
      throw new Error(`${spec.method} ${spec.url}: routes under /api/v1 must name their roles`);
    }
    this.routes.push({ spec: spec as RouteSpec<unknown, unknown, unknown> });

    this.app.route({
      method: spec.method,
      url: spec.url,
      bodyLimit: spec.bodyLimit,
      config: { rawBody: spec.rawBody ?? false },
      handler: async (request, reply) => {
        const staff = await this.authorize(spec, request);
        const input = parseInput(spec, request);
        const result = await handler({ ...input, staff, request, reply }).catch((error) => {
          throw spec.body ? inBody(error) : error;
        });
        if (reply.sent) return reply;
        if (result === undefined)
          return reply.code(reply.statusCode === 200 ? 204 : reply.statusCode).send();
        return reply.send(result);
      },
    });
  }

  private async authorize(
    spec: RouteSpec<unknown, unknown, unknown>,
    request: FastifyRequest,
  ): Promise<StaffPrincipal | undefined> {
    if (spec.roles === 'public') return undefined;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new AppError(401, 'unauthenticated', 'send an Authorization: Bearer <token> header', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    const staff = await authenticate(this.ctx.db, match[1]);
    if (!staff) {
      throw new AppError(401, 'unauthenticated', 'the bearer token is unknown or revoked', {
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
    }
    if (!spec.roles.includes(staff.role)) {
      throw new AppError(
        403,
        'forbidden',
        `role ${staff.role} may not call ${spec.method} ${spec.url}; allowed: ${spec.roles.join(', ')}`,
      );
    }
    request.log = request.log.child({ staffId: staff.id });
    return staff;
  }
}

/**
 * Names the fields of a service's validation error as body fields, so that a client sees the
 * same names (body.email) whether the schema or the service found the problem.
 */
function inBody(error: unknown): unknown {
  if (!(error instanceof ValidationError)) return error;
  const parts = /^(body|query|params)\./;
  return new ValidationError(
    error.fields.map((problem) =>
      parts.test(problem.field) ? problem : { ...problem, field: `body.${problem.field}` },
    ),
  );
}

function parseInput<P, Q, B>(spec: RouteSpec<P, Q, B>, request: FastifyRequest) {
  const problems: FieldProblem[] = [];
  const params = parsePart(spec.params, request.params, 'params', problems);
  const query = parsePart(spec.query, request.query, 'query', problems);
  const body = parsePart(spec.body, request.body, 'body', problems);
  if (problems.length > 0) throw new ValidationError(problems);
  return { params: params as P, query: query as Q, body: body as B };
}

function parsePart(
  schema: ZodType | undefined,
  value: unknown,
  part: string,
  problems: FieldProblem[],
): unknown {
  if (!schema) return value;
  const parsed = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String);
    problems.push({
      field: [part, ...path].join('.'),
      value: valueAt(value, path),
      message: issue.message,
    });
  }
  return undefined;
}

function valueAt(root: unknown, path: string[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Builds the OpenAPI 3.1 document from the registered routes. */
export function openApiDocument(routes: RegisteredRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { spec } of routes) {
    const path = spec.url.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = operationOf(spec);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Abroad API', version: '1' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    paths,
  };
}

function operationOf(spec: RouteSpec<unknown, unknown, unknown>) {
  const operation: Record<string, unknown> = {
    summary: spec.summary,
    tags: spec.tags,
    responses: {
      default: {
        description: 'Result, or an RFC 9457 problem',
        content: { 'application/problem+json': {} },
      },
    },
  };
  if (spec.roles !== 'public') {
    operation.security = [{ bearer: [] }];
    operation['x-roles'] = spec.roles;
  }
  const parameters = [...parametersOf(spec.params, 'path'), ...parametersOf(spec.query, 'query')];
  if (parameters.length > 0) operation.parameters = parameters;
  if (spec.body) {
    operation.requestBody = {
      content: { 'application/json': { schema: jsonSchemaOf(spec.body) } },
    };
  } else if (spec.rawBody) {
    operation.requestBody = { content: { 'application/xml': {}, 'application/json': {} } };
  }
  return operation;
}

function parametersOf(schema: ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchemaOf(schema) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

function jsonSchemaOf(schema: ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}
