import type { Command } from 'commander';
import type { CliRuntime } from '../cli/runtime.js';
import type { TargetMatch } from './targeting.js';
import { resolveEvents, targetsOf } from './targeting.service.js';

function describeReason(match: TargetMatch): string {
  const reason = match.reason;
  switch (reason.kind) {
    case 'polygon':
      return `inside polygon of ${reason.area}`;
    case 'circle':
      return `${reason.distanceKm} km from the centre of circle ${reason.area}`;
    case 'country':
      return `in country ${reason.area}`;
    case 'epicentre':
      return `${reason.distanceKm} km from the epicentre (radius ${reason.radiusKm} km)`;
  }
}

export function registerTargetCommands(program: Command, runtime: CliRuntime): void {
  program
    .command('target')
    .description('print the stays the current version of a hazard event touches, with reasons')
    .argument('<id>', 'an event id, a version id, or a source id such as us6000jllz')
    .option('--json', 'one JSON object per matched stay per line')
    .action(async (id: string, options: { json?: boolean }) => {
      await runtime.withContext(async (ctx) => {
        const events = await resolveEvents(ctx, id);
        if (events.length === 0) {
          runtime.fail(
            `no hazard event has the id or source id ${JSON.stringify(id)}; list them with the API or ingest the feed first`,
            1,
          );
        }
        for (const version of events) {
          const targets = await targetsOf(ctx, version);
          if (options.json) {
            for (const match of targets.matches) {
              runtime.out(
                JSON.stringify({
                  eventId: targets.eventId,
                  versionId: targets.versionId,
                  ...match,
                }),
              );
            }
            continue;
          }
          runtime.out(
            `event ${targets.eventId} (${targets.sourceId}, version ${targets.versionId}): ${targets.headline}`,
          );
          runtime.out(
            `  ${targets.matches.length} stay(s): ${
              Object.entries(targets.byCountry)
                .map(([country, n]) => `${country} ${n}`)
                .join(', ') || 'none'
            }`,
          );
          for (const match of targets.matches) {
            runtime.out(
              `  ${match.stayId}\t${match.country}\t${match.placeName}\t${describeReason(match)}`,
            );
          }
        }
      });
    });
}
