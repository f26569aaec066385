import type { Command } from 'commander';
import type { CliRuntime } from '../cli/runtime.js';
import { runDemo, type DemoResult } from './demo.service.js';

export function registerDemoCommands(program: Command, runtime: CliRuntime): void {
  program
    .command('demo')
    .description(
      'register synthetic travelers, ingest example events (or the given feed files), send the alerts to a file outbox and print what went out; always SQLite and the file outbox, in an empty ABROAD_DATA_DIR or a new temporary folder',
    )
    .argument(
      '[files...]',
      'feed files to ingest instead of the examples, each judged at its own sent time',
    )
    .option('--travelers <n>', 'how many synthetic travelers to register', '3000')
    .option('--json', 'print the result as one JSON object')
    .action(async (files: string[], options: { travelers: string; json?: boolean }) => {
      const travelers = Number(options.travelers);
      if (!Number.isInteger(travelers) || travelers < 1 || travelers > 12_000) {
        runtime.fail(`--travelers=${options.travelers}: expected a whole number from 1 to 12000`);
      }
      // The table is the demo's output; routine info lines would bury it, so only warnings show
      // unless LOG_LEVEL requests more.
      const log = runtime.logger();
      if (runtime.config().logLevel === 'info') log.level = 'warn';
      const result = await runDemo({ files, travelers, env: process.env, log });
      if (options.json) runtime.out(JSON.stringify(jsonOf(result)));
      else for (const line of tableOf(result)) runtime.out(line);
    });
}

function jsonOf(result: DemoResult) {
  return {
    dataDir: result.dataDir,
    outbox: result.outboxPath,
    seconds: result.seconds,
    alerts: result.alerts.map((alert) => ({
      ...alert,
      event: result.events.get(alert.eventId) ?? alert.sourceId,
    })),
  };
}

function tableOf(result: DemoResult): string[] {
  const header = ['event', 'status', 'targeted', 'sent', 'fell back', 'unreachable', 'failed'];
  const rows = result.alerts
    .slice()
    .reverse()
    .map((alert) =>
      [
        result.events.get(alert.eventId) ?? alert.sourceId,
        alert.status === 'draft' ? `draft (${alert.holdReason ?? 'held'})` : alert.status,
        alert.counts.targeted,
        alert.counts.sent,
        alert.counts.fellBack,
        alert.counts.unreachable,
        alert.counts.failed,
      ].map(String),
    );
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => row[i].length)),
  );
  const format = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [
    format(header),
    ...rows.map(format),
    '',
    `outbox: ${result.outboxPath}`,
    `data folder: ${result.dataDir} (SQLite)`,
    `done in ${result.seconds.toFixed(1)} s`,
  ];
}
