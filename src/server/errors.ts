/** One invalid field of a request: where it is, the value received, and what is expected. */
export interface FieldProblem {
  field: string;
  value: unknown;
  message: string;
}

/**
 * An error with an HTTP status and a stable machine-readable code. The error handler turns it
 * into an RFC 9457 problem+json body; the code never changes once published.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

export class ValidationError extends AppError {
  constructor(readonly fields: FieldProblem[]) {
    const names = fields.map((problem) => problem.field).join(', ');
    super(400, 'invalid-request', `${fields.length} invalid field(s): ${names}`, {
      errors: fields,
    });
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends AppError {
  constructor(entity: string, id: string) {
    super(404, 'not-found', `${entity} ${JSON.stringify(id)} was not found`);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends AppError {
  constructor(code: string, detail: string) {
    super(409, code, detail);
    this.name = 'ConflictError';
  }
}

/** HTTP reason phrases used as problem titles. */
export const statusTitles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
