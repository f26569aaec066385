import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileOutbox, type OutboxLine } from '../../src/channels/outbox-file.js';
import { maskValue } from '../../src/log.js';
import { capturingLogger, makeMessage } from './helpers.js';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'abroad-outbox-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function readOutbox(): Promise<OutboxLine[]> {
  const text = await readFile(join(dataDir, 'outbox.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OutboxLine);
}

describe('FileOutbox', () => {
  it('writes one masked line per message', async () => {
    const outbox = FileOutbox.inDataDir(dataDir, { log: capturingLogger().log });
    const message = makeMessage();

    const result = await outbox.send(message);

    expect(result).toMatchObject({ outcome: 'accepted', channel: 'file', duplicate: false });
    const lines = await readOutbox();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      deliveryId: message.deliveryId,
      alertId: 'alert-1',
      travelerRef: 'traveler-1',
      channel: 'file',
      templateCode: 'SAFETY_ALERT_01',
      text: message.text,
      buttons: message.buttons,
    });
    expect(lines[0].to).toBe(maskValue('+821012345678'));
    expect(lines[0].to).toMatch(/^\+821\*+78$/);
    expect(JSON.stringify(lines[0])).not.toContain('+821012345678');
    expect(Date.parse(lines[0].sentAt)).not.toBeNaN();
  });

  it('writes a deliveryId once when sent twice', async () => {
    const outbox = FileOutbox.inDataDir(dataDir, { log: capturingLogger().log });
    const message = makeMessage();

    await outbox.send(message);
    const second = await outbox.send(message);

    expect(second).toMatchObject({ outcome: 'accepted', duplicate: true });
    expect(await readOutbox()).toHaveLength(1);
  });

  it('rebuilds its index from the file after a restart', async () => {
    const message = makeMessage();
    await FileOutbox.inDataDir(dataDir, { log: capturingLogger().log }).send(message);

    const restarted = FileOutbox.inDataDir(dataDir, { log: capturingLogger().log });
    const result = await restarted.send(message);

    expect(result).toMatchObject({ outcome: 'accepted', duplicate: true });
    expect(await readOutbox()).toHaveLength(1);
    expect(await restarted.lookup(message.deliveryId)).toMatchObject({ found: true });
    expect(await restarted.lookup('never-sent')).toEqual({ found: false });
  });

  it('keeps every line of concurrent sends', async () => {
    const outbox = FileOutbox.inDataDir(dataDir, { log: capturingLogger().log });
    const messages = Array.from({ length: 200 }, () => makeMessage());

    await Promise.all([...messages, ...messages.slice(0, 50)].map((m) => outbox.send(m)));

    const lines = await readOutbox();
    expect(lines).toHaveLength(200);
    expect(new Set(lines.map((line) => line.deliveryId)).size).toBe(200);
  });

  it('cuts a torn last line left by a crash', async () => {
    const message = makeMessage();
    const path = join(dataDir, 'outbox.jsonl');
    const whole = JSON.stringify({ deliveryId: 'earlier', travelerRef: 't' });
    await writeFile(path, `${whole}\n{"deliveryId":"torn","text":"half`);
    const { log, lines: logLines } = capturingLogger();

    const outbox = FileOutbox.inDataDir(dataDir, { log });
    await outbox.send(message);

    const lines = await readOutbox();
    expect(lines.map((line) => line.deliveryId)).toEqual(['earlier', message.deliveryId]);
    expect(logLines().some((line) => line.level === 'warn')).toBe(true);
  });

  it('erases the lines of one traveler only', async () => {
    const outbox = FileOutbox.inDataDir(dataDir, { log: capturingLogger().log });
    const gone = [makeMessage({ travelerRef: 'gone' }), makeMessage({ travelerRef: 'gone' })];
    const kept = makeMessage({ travelerRef: 'kept' });
    for (const message of [...gone, kept]) await outbox.send(message);

    const removed = await outbox.eraseTraveler('gone');

    expect(removed).toBe(2);
    const lines = await readOutbox();
    expect(lines.map((line) => line.travelerRef)).toEqual(['kept']);
    expect(await outbox.lookup(gone[0].deliveryId)).toEqual({ found: false });
    expect(await outbox.eraseTraveler('nobody')).toBe(0);
  });

  it('appends after an erase', async () => {
    const outbox = FileOutbox.inDataDir(dataDir, { log: capturingLogger().log });
    await outbox.send(makeMessage({ travelerRef: 'gone' }));
    await outbox.eraseTraveler('gone');

    const later = makeMessage({ travelerRef: 'kept' });
    await outbox.send(later);

    expect((await readOutbox()).map((line) => line.deliveryId)).toEqual([later.deliveryId]);
  });
});
