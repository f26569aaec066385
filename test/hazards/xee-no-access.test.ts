import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hazardFixturesDir, repoRoot } from './support/fixtures-dir.js';

interface AccessRecord {
  kind: 'file' | 'network';
  name: string;
  target: string;
}

function run(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: repoRoot, env, timeout: 30_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * Module code the runtime loads, the process reading its own limits under /proc/self (a
 * dependency does this at start) and the IPC pipe tsx opens to itself.
 */
function isRuntimeAccess(record: AccessRecord): boolean {
  if (record.kind === 'file') {
    return (
      /\/node_modules\//.test(record.target) ||
      record.target.startsWith(join(repoRoot, 'bin')) ||
      record.target.startsWith('/proc/self/')
    );
  }
  return /"path":"[^"]*tsx-[^"]*\.pipe"/.test(record.target);
}

const dir = hazardFixturesDir();

describe.skipIf(!dir)('parse command on an XXE attack file', () => {
  let server: Server;
  const hits: string[] = [];
  let work: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      hits.push(`${request.method} ${request.url}`);
      response.end('<!ENTITY % send "">');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    work = mkdtempSync(join(tmpdir(), 'abroad-xee-'));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(work, { recursive: true, force: true });
  });

  it('exits 1 without touching network or other files', async () => {
    // Point every URL in the file at a local server that records hits.
    const port = (server.address() as AddressInfo).port;
    const original = readFileSync(join(dir!, 'google-cap-library/xee.cap'), 'utf8');
    const input = join(work, 'xee.cap');
    writeFileSync(input, original.replaceAll('localhost:8080', `127.0.0.1:${port}`));
    const accessLog = join(work, 'access.jsonl');

    const result = await run(
      [
        '--import',
        join(repoRoot, 'test/hazards/support/record-access.mjs'),
        'bin/abroad.js',
        'parse',
        '--json',
        input,
      ],
      { ...process.env, RECORD_ACCESS_FILE: accessLog },
    );

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toMatch(new RegExp(`^${input}: error: .*DOCTYPE`));
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(hits).toEqual([]);

    const records: AccessRecord[] = readFileSync(accessLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const inputReads = records.filter((record) => record.target === input);
    const unexpected = records.filter(
      (record) => record.target !== input && !isRuntimeAccess(record),
    );
    expect(inputReads).toHaveLength(1);
    expect(unexpected).toEqual([]);
  });
});
