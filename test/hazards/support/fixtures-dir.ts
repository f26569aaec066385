import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Returns the folder of real hazard feed files, or undefined when this checkout has none. */
export function hazardFixturesDir(): string | undefined {
  const base = process.env.ABROAD_FIXTURES_DIR ?? resolve(repoRoot, '../shared/fixtures');
  const dir = join(base, 'hazards');
  if (existsSync(dir)) return dir;
  console.warn(`hazard fixtures not found at ${dir}; set ABROAD_FIXTURES_DIR to run these tests`);
  return undefined;
}
