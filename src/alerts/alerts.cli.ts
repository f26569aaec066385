import type { Command } from 'commander';
import type { CliRuntime } from '../cli/runtime.js';
import type { AlertView } from './alerts.service.js';
import { getAlert, listAlerts, previewAlert } from './alerts.service.js';
import { approveAlert, haltAlert, rejectAlert } from './decisions.js';

const operator = { kind: 'system' as const, id: 'cli' };

export function registerAlertCommands(program: Command, runtime: CliRuntime): void {
  const alerts = program
    .command('alerts')
    .description('list, approve, reject and halt safety alerts');

  alerts
    .command('list')
    .description('list alerts, newest first, with their counts')
    .option('--json', 'one JSON object per line')
    .option(
      '--status <status>',
      'only alerts in this status: draft, sending, sent, halted, rejected',
    )
    .option('--limit <n>', 'how many alerts to show', '50')
    .action(async (options: { json?: boolean; status?: string; limit: string }) => {
      await runtime.withContext(async (ctx) => {
        const items = await listAlerts(ctx, {
          status: options.status,
          limit: Number(options.limit),
        });
        if (options.json) {
          for (const alert of items) runtime.out(JSON.stringify(alert));
          return;
        }
        runtime.out(alertHeader());
        for (const alert of items) runtime.out(alertLine(alert));
      });
    });

  alerts
    .command('show')
    .description('show one alert as JSON, with a preview of its message')
    .argument('<id>', 'alert id')
    .action(async (id: string) => {
      await runtime.withContext(async (ctx) => {
        runtime.out(
          JSON.stringify(
            { ...(await getAlert(ctx, id)), preview: await previewAlert(ctx, id, 1) },
            null,
            2,
          ),
        );
      });
    });

  const decide = (
    name: string,
    description: string,
    act: (ctx: Parameters<typeof approveAlert>[0], id: string, note?: string) => Promise<unknown>,
  ) =>
    alerts
      .command(name)
      .description(description)
      .argument('<id>', 'alert id')
      .action(async (id: string, options: { note?: string }) => {
        await runtime.withContext(async (ctx) => {
          await act(ctx, id, options.note);
          const alert = await getAlert(ctx, id);
          runtime.out(`alert ${id} is ${alert.status}`);
        });
      });

  decide('approve', 'approve a draft alert and send it', (ctx, id) =>
    approveAlert(ctx, id, operator),
  );
  decide('reject', 'reject a draft alert', (ctx, id, note) =>
    rejectAlert(ctx, id, operator, note),
  ).option('--note <text>', 'why the draft is rejected');
  decide('halt', 'stop a send in progress: nothing still queued goes out', (ctx, id) =>
    haltAlert(ctx, id, operator),
  );
}

const columns = [
  'id',
  'status',
  'kind',
  'severity',
  'hazard',
  'targeted',
  'sent',
  'fell back',
  'unreachable',
  'failed',
  'safe',
  'help',
];

function alertHeader(): string {
  return columns.join('\t');
}

function alertLine(alert: AlertView): string {
  const status =
    alert.areaUnresolved && alert.status === 'draft' && !alert.areaSet
      ? 'draft (area unresolved)'
      : alert.status;
  const c = alert.counts;
  return [
    alert.id,
    status,
    alert.kind,
    alert.severity,
    alert.hazardType,
    c.targeted,
    c.sent,
    c.fellBack,
    c.unreachable,
    c.failed,
    c.safe,
    c.needHelp,
  ].join('\t');
}
