import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../support/db.js';
import { freePort, runCli, spawnCli, waitForHttp } from '../support/process.js';

describe('abroad command', () => {
  it('exits non-zero on a bad PORT and names it', async () => {
    const result = await runCli(['start'], { PORT: 'abc' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('PORT="abc"');
    expect(result.stderr).toContain('whole number from 1 to 65535');
  });

  it('names PORT when the port is taken', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    const dataDir = (await import('node:fs')).mkdtempSync('/tmp/abroad-port-');
    const result = await runCli(['serve'], { PORT: String(port), ABROAD_DATA_DIR: dataDir });
    blocker.close();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`PORT=${port}: the port is already in use`);
    expect(result.stderr).not.toContain('    at ');
  });

  it('names DATABASE_URL when PostgreSQL is unreachable', async () => {
    const result = await runCli(['migrate'], {
      DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'cannot reach PostgreSQL at DATABASE_URL=postgres://nobody:***@127.0.0.1:1/none',
    );
  });

  it('prints help for every verb', async () => {
    for (const verb of ['start', 'serve', 'work', 'migrate', 'staff', 'audit']) {
      const result = await runCli([verb, '--help']);
      expect(result.code, verb).toBe(0);
      expect(result.stdout, verb).toContain(`abroad ${verb}`);
    }
  });
});

forEachDialect('abroad service process', (get) => {
  it('serves /healthz and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawnCli(['start'], { ...get().env, PORT: String(port), LOG_LEVEL: 'info' });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    try {
      const waited = await waitForHttp(`http://127.0.0.1:${port}/healthz`);
      expect(waited).toBeLessThan(15_000);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(output).toContain('"msg":"stopped"');
  });

  it('adds and revokes staff, and lists both in the audit log', async () => {
    const added = await runCli(['staff', 'add', '--role', 'agent', 'kim@mofa.test'], get().env);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/token \(shown once, store it now\): abr_\S+/);

    const revoked = await runCli(['staff', 'revoke', 'kim@mofa.test'], get().env);
    expect(revoked.stdout).toContain('1 token(s) ended');

    const audit = await runCli(['audit', '--json'], get().env);
    const actions = audit.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).action);
    expect(actions).toEqual(['staff.revoke', 'staff.add']);
  });

  it('rejects a consul without a mission, naming the option', async () => {
    const result = await runCli(['staff', 'add', '--role', 'consul', 'lee@mofa.test'], get().env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missionCode');
    expect(result.stderr).toContain('--mission');
  });
});
