import { describe, expect, it } from 'vitest';
import { runParse, type CommandIo } from '../../src/hazards/parse-command.js';
import { ownFixture } from './support/own-fixtures.js';

function memoryIo(files: Record<string, Buffer>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    readFile: async (path) => {
      if (!files[path]) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return files[path];
    },
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
  };
  return { io, out, err };
}

describe('runParse', () => {
  it('prints one JSON object per event', async () => {
    const { io, out, err } = memoryIo({ 'a.xml': ownFixture('edxl-two-alerts.xml') });
    const code = await runParse(['a.xml'], { json: true }, io);
    expect(code).toBe(0);
    expect(out).toHaveLength(3);
    const first = JSON.parse(out[0]);
    expect(first.source).toBe('cap');
    expect(first.sourceId).toBe('TEST-EDXL-1');
    expect(first.sent).toBe('2024-03-01T01:00:00.000Z');
    expect(err.every((line) => line.startsWith('a.xml: warning: '))).toBe(true);
  });

  it('reports a bad file and still runs the others', async () => {
    const { io, out, err } = memoryIo({
      'bad.cap': ownFixture('cap-1-0.cap'),
      'good.json': ownFixture('usgs-detail.geojson'),
    });
    const code = await runParse(['bad.cap', 'missing.xml', 'good.json'], { json: false }, io);
    expect(code).toBe(1);
    expect(err).toEqual([
      expect.stringMatching(/^bad\.cap: error: <alert> is CAP 1\.0/),
      'missing.xml: error: file not found',
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('usgs:us7000test');
  });
});
