import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { recordAudit } from '../audit/index.js';
import type { CliRuntime } from '../cli/runtime.js';
import { exportTravelers } from './export.js';
import { ImportRejected, importTravelersCsv } from './import.js';
import { purgeExpired } from './retention.js';

const operator = { kind: 'system' as const, id: 'cli' };

export function registerTravelerCommands(program: Command, runtime: CliRuntime): void {
  const travelers = program
    .command('travelers')
    .description('registered travelers and their stays');

  travelers
    .command('import')
    .description('register travelers from a CSV file; all rows are checked before any is stored')
    .argument(
      '<file>',
      `CSV with the header ref,name,phone,kakao_user_key,language,country,city,latitude,longitude,start_date,end_date,consent`,
    )
    .action(async (file: string) => {
      let csv: Buffer;
      try {
        csv = readFileSync(file);
      } catch (error) {
        runtime.fail(`${file}: cannot read the file: ${(error as Error).message}`);
      }
      await runtime.withContext(async (ctx) => {
        try {
          const result = await importTravelersCsv(ctx, csv, operator);
          runtime.out(
            `imported ${result.rows} row(s): ${result.travelersCreated} new traveler(s), ` +
              `${result.travelersUpdated} updated; ${result.staysCreated} new stay(s), ${result.staysUpdated} updated` +
              (result.encoding === 'cp949' ? ' (the file was read as CP949)' : ''),
          );
        } catch (error) {
          if (!(error instanceof ImportRejected)) throw error;
          for (const row of error.rowErrors) {
            runtime.err(`${file}:${row.line}: ${row.reasons.join('; ')}`);
          }
          runtime.fail(`${file}: ${error.message}`, 1);
        }
      });
    });

  travelers
    .command('export')
    .description('print every traveler with its stays')
    .option('--json', 'one JSON object per traveler per line (the only format)')
    .option('--include-contacts', 'include phone numbers, Kakao user keys and e-mail in clear')
    .option('--mission <code>', 'only travelers with a stay under this mission')
    .action(async (options: { includeContacts?: boolean; mission?: string }) => {
      await runtime.withContext(async (ctx) => {
        const rows = exportTravelers(ctx, {
          includeContacts: options.includeContacts ?? false,
          missionCode: options.mission,
        });
        let count = 0;
        for await (const traveler of rows) {
          runtime.out(JSON.stringify(traveler));
          count += 1;
        }
        await recordAudit(ctx.db, {
          actor: operator,
          action: 'traveler.export',
          entityType: 'traveler',
          entityId: 'bulk',
          details: {
            count,
            includeContacts: options.includeContacts ?? false,
            missionCode: options.mission ?? null,
          },
        });
      });
    });

  travelers
    .command('purge')
    .description('erase stays past retention and the personal data of travelers left without one')
    .action(async () => {
      await runtime.withContext(async (ctx) => {
        const result = await purgeExpired(ctx);
        runtime.out(
          `erased ${result.staysErased} stay(s) that ended before ${result.cutoffDate} and ` +
            `${result.travelersErased} traveler(s)`,
        );
      });
    });
}
