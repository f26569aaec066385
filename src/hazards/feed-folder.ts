import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../context.js';
import { FeedError } from './feed-error.js';
import { readFeedFile } from './read-feed-file.js';
import { ingestDocument } from './hazards.service.js';

export const PROCESSED_FOLDER = 'processed';
export const FAILED_FOLDER = 'failed';

export interface FolderOptions {
  /**
   * A file modified more recently than this many milliseconds ago is left for the next run,
   * because it may still be being written.
   */
  settleMs: number;
}

export interface FolderOutcome {
  file: string;
  outcome: 'stored' | 'failed';
  events: number;
  newVersions: number;
  error?: string;
}

/**
 * Ingests every file dropped into the feed folder and moves it aside: into `processed/` once
 * stored, into `failed/` with a `.error.txt` note when it cannot be used. A database failure
 * leaves the file in place for the next run.
 */
export async function ingestFeedFolder(
  ctx: AppContext,
  dir: string,
  options: FolderOptions,
): Promise<FolderOutcome[]> {
  await mkdir(join(dir, PROCESSED_FOLDER), { recursive: true });
  await mkdir(join(dir, FAILED_FOLDER), { recursive: true });

  const outcomes: FolderOutcome[] = [];
  for (const name of await settledFiles(dir, options.settleMs, ctx.clock.real().getTime())) {
    const outcome = await ingestFile(ctx, dir, name);
    if (outcome) outcomes.push(outcome);
  }
  return outcomes;
}

async function settledFiles(dir: string, settleMs: number, now: number): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    // With no settle time the modification time is not read: file system clocks can run a few
    // milliseconds ahead of Date.now().
    const settled = settleMs <= 0 || now - (await stat(join(dir, entry.name))).mtimeMs >= settleMs;
    if (settled) names.push(entry.name);
  }
  return names.sort();
}

/** Ingests one file; returns undefined when another worker took the file first. */
async function ingestFile(
  ctx: AppContext,
  dir: string,
  name: string,
): Promise<FolderOutcome | undefined> {
  const log = ctx.log.child({ component: 'feed-folder', file: name });
  const path = join(dir, name);
  try {
    const result = await ingestDocument(ctx, await readFeedFile(path), {
      name: path,
      actor: { kind: 'system', id: 'worker' },
    });
    const newVersions = result.versions.filter((version) => version.isNew).length;
    await moveAside(dir, name, PROCESSED_FOLDER);
    log.info(
      { events: result.versions.length, newVersions, warnings: result.warnings.length },
      'feed file ingested',
    );
    return { file: name, outcome: 'stored', events: result.versions.length, newVersions };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (!(error instanceof FeedError)) throw error;
    const target = await moveAside(dir, name, FAILED_FOLDER);
    await writeFile(`${target}.error.txt`, `${error.message}\n`);
    log.warn({ error: error.message }, 'feed file rejected; moved to failed/');
    return { file: name, outcome: 'failed', events: 0, newVersions: 0, error: error.message };
  }
}

/** Moves a file into a subfolder, adding a time prefix when that name is taken. */
async function moveAside(dir: string, name: string, folder: string): Promise<string> {
  let target = join(dir, folder, name);
  if (existsSync(target)) target = join(dir, folder, `${Date.now()}-${name}`);
  await rename(join(dir, name), target);
  return target;
}
