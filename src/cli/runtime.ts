import pino from 'pino';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { closeContext, openContext, type AppContext } from '../context.js';
import { createLogger, type Logger } from '../log.js';
import { AppError, ValidationError } from '../server/errors.js';

/** An error that ends a command with a message and an exit status, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Gives a command the parsed config, a logger, a database context, and stdout/stderr. Commands print results to stdout and logs go to stderr, so `--json` output
 * stays machine-readable.
 */
export class CliRuntime {
  private loaded: Config | undefined;
  private root: Logger | undefined;
  exitCode = 0;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  config(): Config {
    if (!this.loaded) {
      try {
        this.loaded = loadConfig(this.env);
      } catch (error) {
        if (error instanceof ConfigError) throw new CliError(error.message, 2);
        throw error;
      }
    }
    return this.loaded;
  }

  /** Returns the logger: long-running services log to stdout, one-shot commands to stderr. */
  logger(toStdout = false): Logger {
    this.root ??= createLogger(this.config().logLevel, pino.destination(toStdout ? 1 : 2));
    return this.root;
  }

  async open(): Promise<AppContext> {
    const config = this.config();
    try {
      return await openContext(config, this.logger());
    } catch (error) {
      throw databaseError(error, config);
    }
  }

  /** Opens a context, runs the command body, and closes the database in a finally block. */
  async withContext<T>(body: (ctx: AppContext) => Promise<T>): Promise<T> {
    const ctx = await this.open();
    try {
      return await body(ctx);
    } catch (error) {
      throw toCliError(error);
    } finally {
      await closeContext(ctx);
    }
  }

  out(line: string): void {
    process.stdout.write(`${line}\n`);
  }

  /** Ends quietly when stdout is closed early, as when the output is piped into `head`. */
  static exitOnClosedStdout(): void {
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }

  err(line: string): void {
    process.stderr.write(`${line}\n`);
  }

  fail(message: string, exitCode = 2): never {
    throw new CliError(message, exitCode);
  }
}

/** Names the setting behind a failure to reach the database, instead of a driver stack. */
export function databaseError(error: unknown, config: Config): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  const reason = (error as Error)?.message ?? String(error);
  if (!config.databaseUrl) {
    if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'ENOENT') {
      return new CliError(
        `cannot open the SQLite database in ABROAD_DATA_DIR=${config.dataDir}: ${reason}; check that the folder is writable`,
        1,
      );
    }
    return error;
  }
  const network = [
    'ECONNREFUSED',
    'ENOTFOUND',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    '28P01',
    '3D000',
    '28000',
  ];
  if (code && network.includes(code)) {
    const where = new URL(config.databaseUrl);
    where.password = where.password ? '***' : '';
    return new CliError(
      `cannot reach PostgreSQL at DATABASE_URL=${where.toString()}: ${reason}; check that the server runs and the URL is right`,
      1,
    );
  }
  return error;
}

function toCliError(error: unknown): unknown {
  if (error instanceof ValidationError) {
    const lines = error.fields.map(
      (problem) => `  ${problem.field}=${JSON.stringify(problem.value)}: ${problem.message}`,
    );
    return new CliError(`invalid input:\n${lines.join('\n')}`, 2);
  }
  if (error instanceof AppError) return new CliError(error.message, 1);
  return error;
}
