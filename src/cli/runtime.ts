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
 * What a command needs from the process: the parsed config, a logger, a database context, and
 * stdout/stderr. Commands print results to stdout and logs go to stderr, so `--json` output
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

  /** The logger; long-running services log to stdout, one-shot commands to stderr. */
  logger(toStdout = false): Logger {
    this.root ??= createLogger(this.config().logLevel, pino.destination(toStdout ? 1 : 2));
    return this.root;
  }

  async open(): Promise<AppContext> {
    return openContext(this.config(), this.logger());
  }

  /** Opens a context, runs the command body, and closes the database whatever happens. */
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

  err(line: string): void {
    process.stderr.write(`${line}\n`);
  }

  fail(message: string, exitCode = 2): never {
    throw new CliError(message, exitCode);
  }
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
