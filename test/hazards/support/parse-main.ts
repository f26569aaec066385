// Runs the parse command on the files given as arguments, as `abroad parse` does, so tests can
// watch a real process. Usage: node bin/run-ts.js test/hazards/support/parse-main.ts [--json] FILE...
import { readFile } from 'node:fs/promises';
import { runParse } from '../../../src/hazards/parse-command.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const files = args.filter((arg) => arg !== '--json');

process.exitCode = await runParse(
  files,
  { json },
  {
    readFile: (path) => readFile(path),
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  },
);
