import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliRuntime } from '../cli/runtime.js';
import { listMissions } from './directory.js';
import { importEmbassyServiceJson, importMissionCsv } from './import.js';
import { emergencyPhoneOf } from './mission.js';

export function registerMissionCommands(program: Command, runtime: CliRuntime): void {
  const missions = program.command('missions').description('the bundled directory of missions');

  missions
    .command('list')
    .description('list missions with their emergency numbers')
    .option('--country <code>', 'only missions serving this ISO alpha-2 country')
    .option('--json', 'one JSON object per line')
    .action((options: { country?: string; json?: boolean }) => {
      const country = options.country?.toUpperCase();
      for (const mission of listMissions()) {
        if (country && !mission.jurisdiction.some((entry) => entry.country === country)) continue;
        if (options.json) runtime.out(JSON.stringify(mission));
        else runtime.out(`${mission.code}\t${mission.nameKo}\t${emergencyPhoneOf(mission)}`);
      }
    });

  missions
    .command('import')
    .description(
      'convert the ministry data.go.kr mission CSV (15076569) or EmbassyService2 JSON into the ' +
        'directory format, for review before it replaces src/missions/data/missions.json',
    )
    .argument('<file>', 'a .csv (UTF-8 or CP949) or .json file')
    .requiredOption('--out <file>', 'where to write the converted missions as JSON')
    .action((file: string, options: { out: string }) => {
      let input: Buffer;
      try {
        input = readFileSync(file);
      } catch (error) {
        runtime.fail(`${file}: cannot read the file: ${(error as Error).message}`);
      }
      const result = file.toLowerCase().endsWith('.json')
        ? importEmbassyServiceJson(JSON.parse(input.toString('utf8')))
        : importMissionCsv(input);
      for (const skipped of result.skipped) {
        runtime.err(`${file}: row ${skipped.row} (${skipped.name}): skipped: ${skipped.reason}`);
      }
      writeFileSync(options.out, `${JSON.stringify(result.missions, null, 2)}\n`);
      runtime.out(`wrote ${result.missions.length} mission(s) to ${options.out}`);
    });
}
