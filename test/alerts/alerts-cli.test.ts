import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleNewVersion } from '../../src/alerts/lifecycle.js';
import { createTestContext, testDialects, type TestContext } from '../support/db.js';
import { runCli } from '../support/process.js';
import { circleEvent, places, travelerAt, versionOf } from './fixtures.js';

for (const dialect of testDialects()) {
  describe(`abroad alerts [${dialect}]`, () => {
    let test: TestContext;

    beforeAll(async () => {
      test = await createTestContext(dialect);
    });

    afterAll(async () => {
      await test?.cleanup();
    });

    async function draft() {
      await travelerAt(test.ctx, places.paris);
      const event = circleEvent(places.paris, { severity: 'minor' });
      return (await handleNewVersion(test.ctx, versionOf(event)))!;
    }

    it('approves, halts and rejects by id', async () => {
      const approved = await draft();
      const approve = await runCli(['alerts', 'approve', approved.id], test.env);
      expect(approve.stderr).toBe('');
      expect(approve.stdout).toContain(`alert ${approved.id} is sending`);
      const halt = await runCli(['alerts', 'halt', approved.id], test.env);
      expect(halt.stdout).toContain('is halted');

      const rejected = await draft();
      const reject = await runCli(['alerts', 'reject', rejected.id, '--note', 'test'], test.env);
      expect(reject.stdout).toContain('is rejected');
      const again = await runCli(['alerts', 'approve', rejected.id], test.env);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/cannot approve alert .* it is rejected, expected draft/);
    });

    it('lists alerts with counts as JSON lines', async () => {
      const run = await runCli(['alerts', 'list', '--json'], test.env);
      const alerts = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(alerts.length).toBeGreaterThanOrEqual(2);
      expect(alerts[0].counts).toHaveProperty('targeted');
      const table = await runCli(['alerts', 'list'], test.env);
      expect(table.stdout.split('\n')[0]).toContain('targeted');
    });
  });
}
