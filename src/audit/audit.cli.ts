import type { Command } from 'commander';
import type { CliRuntime } from '../cli/runtime.js';
import { listAudit } from './audit.repo.js';

export function registerAuditCommands(program: Command, runtime: CliRuntime): void {
  program
    .command('audit')
    .description('list the audit log, newest first')
    .option('--json', 'one JSON object per line')
    .option('--entity <type>', 'only entries about this entity type, e.g. staff')
    .option('--id <id>', 'only entries about this entity id')
    .option('--limit <n>', 'how many entries to list', '100')
    .action(async (options: { json?: boolean; entity?: string; id?: string; limit: string }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1) {
        runtime.fail(
          `--limit: expected a whole number above 0, got ${JSON.stringify(options.limit)}`,
        );
      }
      await runtime.withContext(async (ctx) => {
        const rows = await listAudit(ctx.db, {
          entityType: options.entity,
          entityId: options.id,
          limit,
        });
        for (const row of rows) {
          if (options.json) runtime.out(JSON.stringify(row));
          else {
            const actor = `${row.actor.kind}:${row.actor.id}`;
            runtime.out(`${row.at}\t${actor}\t${row.action}\t${row.entityType}:${row.entityId}`);
          }
        }
      });
    });
}
