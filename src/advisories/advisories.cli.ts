import type { Command } from 'commander';
import type { CliRuntime } from '../cli/runtime.js';
import { isCountryCode } from '../geo/index.js';
import { countryAdvisory } from './advisories.query.js';
import { importAdvisoryFile } from './advisories.service.js';

export function registerAdvisoryCommands(program: Command, runtime: CliRuntime): void {
  const advisories = program
    .command('advisories')
    .description('travel advisory levels, special advisories and safety notices');

  advisories
    .command('import')
    .description(
      'import saved answers of the ministry API (TravelAlarmService2, SptravelWarningService2, CountrySafetyService6, legacy forms)',
    )
    .argument('<files...>', 'JSON files, each one API answer in either envelope')
    .option('--as-of <date>', 'date the data describes, YYYY-MM-DD (default: today)')
    .option('--complete', 'the answers list every country, so absent countries have none')
    .action(async (files: string[], options: { asOf?: string; complete?: boolean }) => {
      await runtime.withContext(async (ctx) => {
        for (const file of files) {
          const summary = await importAdvisoryFile(ctx, file, options);
          runtime.out(
            `${file}: ${summary.rows} ${summary.kind} row(s) for ${summary.countries} countries as of ${summary.asOf}` +
              (summary.skipped > 0
                ? `, ${summary.skipped} item(s) without a known country skipped`
                : ''),
          );
        }
      });
    });

  advisories
    .command('show')
    .description('print what is stored for one country')
    .argument('<country>', 'ISO 3166-1 alpha-2 code, e.g. TH')
    .action(async (country: string) => {
      const code = country.toUpperCase();
      if (!isCountryCode(code))
        runtime.fail(`expected an ISO alpha-2 country code such as TH, got ${country}`);
      await runtime.withContext(async (ctx) => {
        runtime.out(JSON.stringify(await countryAdvisory(ctx, code), null, 2));
      });
    });
}
