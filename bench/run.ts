/**
 * Runs benchmarks one after another, each in its own process so one's memory does not skew the
 * next. `npm run bench` runs all; `npm run bench -- targeting` runs those whose file name
 * contains "targeting". Each prints a Markdown section to paste into bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(folder)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && file.includes(filter))
  .sort();

if (files.length === 0) {
  process.stderr.write(`no benchmark in bench/ matches ${JSON.stringify(filter)}\n`);
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  process.stderr.write(`== ${file}\n`);
  const result = spawnSync(
    process.execPath,
    [join(folder, '..', 'bin', 'run-ts.js'), join(folder, file)],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
