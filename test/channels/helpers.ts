import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log.js';
import type { ChannelMessage } from '../../src/channels/channel.js';

/** Creates a logger that keeps its JSON lines in memory for assertions. */
export function capturingLogger(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      raw.push(String(chunk));
      done();
    },
  });
  const log = createLogger('debug', stream);
  const lines = () =>
    raw
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { log, lines };
}

let sequence = 0;

/** Builds a message with a fresh deliveryId and the given overrides. */
export function makeMessage(overrides: Partial<ChannelMessage> = {}): ChannelMessage {
  sequence += 1;
  return {
    deliveryId: `delivery-${process.pid}-${Date.now()}-${sequence}`,
    alertId: 'alert-1',
    travelerRef: 'traveler-1',
    phone: '+821012345678',
    templateCode: 'SAFETY_ALERT_01',
    text: '[외교부] 방콕 지역에 홍수 경보가 발령되었습니다. 안전에 유의하십시오.',
    variables: { region: '방콕', hazard: '홍수' },
    buttons: [{ type: 'WL', name: '안부 알리기', linkMo: 'https://abroad.example.org/c/abc' }],
    ...overrides,
  };
}
