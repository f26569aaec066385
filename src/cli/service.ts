import type { FastifyInstance } from 'fastify';
import { CliError, type CliRuntime } from './runtime.js';
import { closeContext, type AppContext } from '../context.js';
import { buildServer } from '../server/app.js';
import { Worker } from '../work/worker.js';
import { allJobs } from '../work/jobs.js';

export interface ServiceParts {
  http: boolean;
  worker: boolean;
}

/**
 * Runs the HTTP server, the worker, or both, until SIGINT or SIGTERM. On a signal it stops
 * accepting connections, lets in-flight requests and job runs finish, then closes the database.
 * A second signal exits at once.
 */
export async function runService(runtime: CliRuntime, parts: ServiceParts): Promise<void> {
  const log = runtime.logger(true);
  const ctx = await runtime.open();
  const started: { app?: FastifyInstance; worker?: Worker } = {};

  if (parts.http) {
    const { app } = await buildServer(ctx);
    try {
      await app.listen({ port: ctx.config.port, host: ctx.config.host });
    } catch (error) {
      await closeContext(ctx);
      throw listenError(error, ctx);
    }
    started.app = app;
    log.info(
      { component: 'service', url: `http://${ctx.config.host}:${ctx.config.port}` },
      'listening',
    );
  }
  if (parts.worker) {
    started.worker = new Worker(ctx, allJobs());
    started.worker.start();
  }

  await waitForSignal(ctx, started);
}

function waitForSignal(ctx: AppContext, started: { app?: FastifyInstance; worker?: Worker }) {
  return new Promise<void>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) {
        ctx.log.warn({ component: 'service', signal }, 'second signal, exiting now');
        process.exit(130);
      }
      stopping = true;
      ctx.log.info({ component: 'service', signal }, 'stopping');
      await started.app?.close();
      await started.worker?.stop();
      await closeContext(ctx);
      ctx.log.info({ component: 'service' }, 'stopped');
      resolve();
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  });
}

/** Names the variable behind a failure to listen: the port is taken or the host is unknown. */
function listenError(error: unknown, ctx: AppContext): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  const { port, host } = ctx.config;
  if (code === 'EADDRINUSE') {
    return new CliError(
      `PORT=${port}: the port is already in use on ${host}; stop the other process or choose another PORT`,
      1,
    );
  }
  if (code === 'EACCES') {
    return new CliError(
      `PORT=${port}: not allowed to listen on this port; choose a PORT above 1023`,
      1,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EADDRNOTAVAIL' || code === 'EAI_AGAIN') {
    return new CliError(
      `HOST=${host}: cannot listen on this address; use an address of this machine such as 127.0.0.1 or 0.0.0.0`,
      1,
    );
  }
  return error;
}

/** Runs every job once against the configured database, then closes it. */
export async function runWorkOnce(runtime: CliRuntime): Promise<void> {
  await runtime.withContext(async (ctx) => {
    const worker = new Worker(ctx, allJobs());
    await worker.runOnce();
  });
}
