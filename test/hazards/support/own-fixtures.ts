import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './fixtures-dir.js';

/** Reads one of this suite's own small fixtures. */
export function ownFixture(name: string): Buffer {
  return readFileSync(join(repoRoot, 'test/hazards/fixtures', name));
}

/** Runs `fn` and returns what it threw; fails the test when it throws nothing. */
export function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw, but it returned');
}
