import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskValue } from '../../src/log.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('logger masking', () => {
  it('masks phone numbers and user keys in fields and messages', () => {
    const { lines, stream } = capture();
    const log = createLogger('info', stream);
    log.info(
      {
        phone: '+821012345678',
        userKey: 'KAKAO-USER-KEY-123456',
        nested: { recipientNo: '01012345678' },
      },
      'sent to +821087654321',
    );
    const line = lines.join('');
    expect(line).not.toContain('+821012345678');
    expect(line).not.toContain('KAKAO-USER-KEY-123456');
    expect(line).not.toContain('01012345678');
    expect(line).not.toContain('+821087654321');
    expect(line).toContain('78');
  });

  it('removes secrets entirely', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).info({ token: 'abr_secret', authorization: 'Bearer x' }, 'call');
    expect(lines.join('')).not.toContain('abr_secret');
    expect(lines.join('')).toContain('[redacted]');
  });

  it('keeps the ends of a masked value for support staff', () => {
    expect(maskValue('+821012345678')).toMatch(/^\+821\*+78$/);
  });
});

describe('maskText', () => {
  it('masks phone numbers written with dots, brackets and spaces', async () => {
    const { maskText } = await import('../../src/log.js');
    for (const phone of [
      '+82.10.1234.5678',
      '+82(10)12345678',
      '010 1234 5678',
      '+66 81-234-5678',
    ]) {
      expect(maskText(`not found: ${phone}`), phone).not.toContain(phone);
    }
  });

  it('leaves dates and short numbers alone', async () => {
    const { maskText } = await import('../../src/log.js');
    expect(maskText('stays that ended before 2026-11-04')).toBe(
      'stays that ended before 2026-11-04',
    );
    expect(maskText('imported 1000 rows')).toBe('imported 1000 rows');
    const id = '01a241dd-2f53-7000-956f-d6f25f4073db';
    expect(maskText(`alert ${id} sent`)).toBe(`alert ${id} sent`);
  });
});
