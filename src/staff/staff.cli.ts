import { Option, type Command } from 'commander';
import type { CliRuntime } from '../cli/runtime.js';
import { staffRoles } from './roles.js';
import { addStaff, listStaff, revokeStaff, rotateToken } from './staff.service.js';

const operator = { kind: 'system' as const, id: 'cli' };

export function registerStaffCommands(program: Command, runtime: CliRuntime): void {
  const staff = program.command('staff').description('manage staff members and their API tokens');

  staff
    .command('add')
    .description(
      'create a staff member (or bring back a revoked one) and print a one-time API token',
    )
    .argument('<email>', 'e-mail address of the staff member')
    .addOption(
      new Option('--role <role>', 'what the member may do')
        .choices(staffRoles)
        .makeOptionMandatory(),
    )
    .option('--mission <code>', 'mission code the member belongs to (required for consul)')
    .action(async (email: string, options: { role: string; mission?: string }) => {
      await runtime.withContext(async (ctx) => {
        const created = await addStaff(
          ctx.db,
          { email, role: options.role, missionCode: options.mission ?? null },
          operator,
        );
        runtime.out(`added ${created.email} as ${created.role}`);
        runtime.out(`token (shown once, store it now): ${created.token}`);
      });
    });

  staff
    .command('revoke')
    .description('end every API token of a staff member')
    .argument('<email>', 'e-mail address of the staff member')
    .action(async (email: string) => {
      await runtime.withContext(async (ctx) => {
        const result = await revokeStaff(ctx.db, email, operator);
        runtime.out(`revoked ${email}: ${result.tokensEnded} token(s) ended`);
      });
    });

  staff
    .command('rotate')
    .description('end every API token of a staff member and print a new one-time token')
    .argument('<email>', 'e-mail address of the staff member')
    .action(async (email: string) => {
      await runtime.withContext(async (ctx) => {
        const rotated = await rotateToken(ctx.db, email, operator);
        runtime.out(`new token for ${rotated.email} (shown once, store it now): ${rotated.token}`);
      });
    });

  staff
    .command('list')
    .description('list staff members')
    .option('--json', 'one JSON object per line')
    .action(async (options: { json?: boolean }) => {
      await runtime.withContext(async (ctx) => {
        for (const member of await listStaff(ctx.db)) {
          if (options.json) runtime.out(JSON.stringify(member));
          else {
            const state = member.revokedAt ? 'revoked' : 'active';
            runtime.out(`${member.email}\t${member.role}\t${member.missionCode ?? '-'}\t${state}`);
          }
        }
      });
    });
}
