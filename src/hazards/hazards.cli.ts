import type { Command } from 'commander';
import type { CliRuntime } from '../cli/runtime.js';
import type { AppContext } from '../context.js';
import { ingestDocument } from './hazards.service.js';
import { readFeedFile } from './read-feed-file.js';
import { reasonOf, runParse, type CommandIo } from './parse-command.js';

export function registerHazardCommands(program: Command, runtime: CliRuntime): void {
  program
    .command('parse')
    .description(
      'print the hazard events of feed files (CAP, USGS, GDACS, JMA) without storing them',
    )
    .argument('<files...>', 'feed documents to read')
    .option('--json', 'one JSON object per event per line')
    .action(async (files: string[], options: { json?: boolean }) => {
      runtime.exitCode = await runParse(files, { json: options.json ?? false }, fileIo(runtime));
    });

  program
    .command('ingest')
    .description('store the hazard events of feed files; a file already ingested changes nothing')
    .argument('<files...>', 'feed documents to store')
    .action(async (files: string[]) => {
      runtime.exitCode = await runtime.withContext((ctx) => runIngest(ctx, files, fileIo(runtime)));
    });
}

function fileIo(runtime: CliRuntime): CommandIo {
  return {
    readFile: (path) => readFeedFile(path),
    stdout: (line) => runtime.out(line),
    stderr: (line) => runtime.err(line),
  };
}

/**
 * Runs `abroad ingest`: stores each file's events and prints one line per file with the count
 * of events and of versions new to the database. A file that cannot be used gets one line
 * "FILE: error: REASON" on stderr and makes the exit code 1; the other files still run.
 */
export async function runIngest(ctx: AppContext, files: string[], io: CommandIo): Promise<number> {
  let exitCode = 0;
  for (const file of files) {
    try {
      const result = await ingestDocument(ctx, await io.readFile(file), {
        name: file,
        actor: { kind: 'system', id: 'cli' },
      });
      for (const warning of result.warnings) io.stderr(`${file}: warning: ${warning}`);
      const fresh = result.versions.filter((version) => version.isNew).length;
      io.stdout(`${file}: ${result.versions.length} event version(s), ${fresh} new`);
    } catch (error) {
      io.stderr(`${file}: error: ${reasonOf(error)}`);
      exitCode = 1;
    }
  }
  return exitCode;
}
