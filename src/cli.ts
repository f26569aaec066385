import { registerAlertCommands } from './alerts/index.js';
import { Command, CommanderError } from 'commander';
import { registerTargetCommands } from './alerts/targeting.cli.js';
import { registerAuditCommands } from './audit/index.js';
import { CliError, CliRuntime, databaseError } from './cli/runtime.js';
import { runService, runWorkOnce } from './cli/service.js';
import { migrateToLatest, openDatabase } from './db/index.js';
import { registerDemoCommands } from './demo/demo.cli.js';
import { registerHazardCommands } from './hazards/index.js';
import { registerMissionCommands } from './missions/index.js';
import { registerStaffCommands } from './staff/index.js';
import { registerTravelerCommands } from './travelers/index.js';

function buildProgram(runtime: CliRuntime): Command {
  const program = new Command('abroad')
    .description('Abroad: consular call center and overseas safety service')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('start')
    .description('run the API server and the worker in one process (migrates first)')
    .action(() => runService(runtime, { http: true, worker: true }));

  program
    .command('serve')
    .description('run only the API server: REST API, chat channels and console')
    .action(() => runService(runtime, { http: true, worker: false }));

  program
    .command('work')
    .description('run only the worker: feed polling, targeting, dispatch and purges')
    .option('--once', 'do one pass of all due work and exit')
    .action((options: { once?: boolean }) =>
      options.once ? runWorkOnce(runtime) : runService(runtime, { http: false, worker: true }),
    );

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      const config = runtime.config();
      const handle = await openDatabase(config).catch((error) => {
        throw databaseError(error, config);
      });
      try {
        const applied = await migrateToLatest(handle.db).catch((error) => {
          throw databaseError(error, config);
        });
        runtime.out(
          applied.length > 0
            ? `applied ${applied.length} migration(s) to ${handle.location}: ${applied.join(', ')}`
            : `${handle.location} is up to date`,
        );
      } finally {
        await handle.db.destroy();
      }
    });

  registerStaffCommands(program, runtime);
  registerAuditCommands(program, runtime);
  registerHazardCommands(program, runtime);
  registerTravelerCommands(program, runtime);
  registerAlertCommands(program, runtime);
  registerDemoCommands(program, runtime);
  registerMissionCommands(program, runtime);
  registerTargetCommands(program, runtime);
  return program;
}

async function main(argv: string[]): Promise<number> {
  CliRuntime.exitOnClosedStdout();
  const runtime = new CliRuntime();
  const program = buildProgram(runtime);
  try {
    await program.parseAsync(argv);
    return runtime.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      process.stderr.write(`abroad: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`abroad: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
