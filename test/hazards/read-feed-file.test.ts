import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedError } from '../../src/hazards/feed-error.js';
import { runParse, type CommandIo } from '../../src/hazards/parse-command.js';
import { readFeedFile } from '../../src/hazards/read-feed-file.js';
import { MAX_DOCUMENT_BYTES } from '../../src/hazards/xml/decode.js';
import { repoRoot } from './support/fixtures-dir.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'abroad-read-feed-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => new Error('expected a rejection, but the read succeeded'),
    (error: Error) => error,
  );
  if (!(outcome instanceof FeedError)) throw outcome;
  return outcome;
}

describe('readFeedFile', () => {
  it('reads a regular file', async () => {
    const path = join(dir, 'small.xml');
    await writeFile(path, '<a/>');
    expect((await readFeedFile(path)).toString()).toBe('<a/>');
  });

  it('accepts a file of exactly the limit', async () => {
    const path = join(dir, 'exact.xml');
    await writeFile(path, 'x'.repeat(10));
    expect(await readFeedFile(path, 10)).toHaveLength(10);
  });

  it('rejects a file one byte over the limit', async () => {
    const path = join(dir, 'over.xml');
    await writeFile(path, 'x'.repeat(11));
    const error = await rejectionOf(readFeedFile(path, 10));
    expect(error.message).toBe(
      'file is 11 bytes, above the limit of 10 bytes; split the feed or fetch a shorter period',
    );
  });

  it('rejects a 1.5 GB file without reading it', async () => {
    const path = join(dir, 'huge.xml');
    await writeFile(path, '');
    await truncate(path, 1_500_000_000);
    const before = process.memoryUsage().arrayBuffers;

    const error = await rejectionOf(readFeedFile(path));

    expect(error.message).toContain(
      `file is 1500000000 bytes, above the limit of ${MAX_DOCUMENT_BYTES}`,
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('rejects a folder', async () => {
    const error = await rejectionOf(readFeedFile(dir));
    expect(error.message).toBe('is a folder, expected a regular file');
  });

  it.skipIf(!existsSync('/dev/zero'))('rejects /dev/zero as not a regular file', async () => {
    const error = await rejectionOf(readFeedFile('/dev/zero'));
    expect(error.message).toContain('is not a regular file');
  });

  it('rejects a FIFO without waiting for a writer', async () => {
    const path = join(dir, 'pipe.xml');
    try {
      execFileSync('mkfifo', [path]);
    } catch {
      console.warn('mkfifo is not available; FIFO case not run');
      return;
    }
    const error = await rejectionOf(readFeedFile(path));
    expect(error.message).toContain('is not a regular file');
  });
});

describe('runParse with files', () => {
  it.skipIf(!existsSync('/dev/zero'))('reports /dev/zero and exits 1', async () => {
    const err: string[] = [];
    const io: CommandIo = {
      readFile: (path) => readFeedFile(path),
      stdout: () => {},
      stderr: (line) => err.push(line),
    };
    expect(await runParse(['/dev/zero'], { json: false }, io)).toBe(1);
    expect(err).toEqual([
      '/dev/zero: error: is not a regular file (a device, FIFO or socket); save the document to a file first',
    ]);
  });
});

describe('abroad parse process', () => {
  it.skipIf(!existsSync('/dev/zero'))(
    'exits 1 at once on /dev/zero',
    async () => {
      const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['bin/abroad.js', 'parse', '/dev/zero'],
          { cwd: repoRoot, timeout: 15_000 },
          (error, _stdout, stderr) =>
            resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
        );
      });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        '/dev/zero: error: is not a regular file (a device, FIFO or socket); save the document to a file first',
      );
    },
    20_000,
  );
});
