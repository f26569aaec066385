import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configVariableNames } from '../../src/config.js';
import { repoRoot } from '../support/process.js';

describe('README configuration table', () => {
  it('documents every variable the config reads', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const missing = configVariableNames().filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
