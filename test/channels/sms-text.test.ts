import { describe, expect, it } from 'vitest';
import { chooseSmsType, measureEucKr, truncateEucKr } from '../../src/channels/sms/sms-text.js';

describe('measureEucKr', () => {
  it('counts Hangul as 2 bytes and ASCII as 1', () => {
    expect(measureEucKr('안녕').bytes).toBe(4);
    expect(measureEucKr('abc 1').bytes).toBe(5);
    expect(measureEucKr('[외교부] 방콕').bytes).toBe(1 + 6 + 1 + 1 + 4);
  });

  it('counts rare syllables outside KS X 1001 as 2 bytes', () => {
    expect(measureEucKr('똠뷁').bytes).toBe(4);
    expect(measureEucKr('똠뷁').unencodable).toEqual([]);
  });

  it('lists characters EUC-KR cannot carry', () => {
    expect(measureEucKr('홍수 😀 경보').unencodable).toEqual(['😀']);
  });

  it('keeps a literal question mark encodable', () => {
    expect(measureEucKr('안전한가요?').unencodable).toEqual([]);
  });
});

describe('chooseSmsType', () => {
  it('picks SMS up to 90 bytes', () => {
    expect(chooseSmsType('가'.repeat(45), false)).toEqual({ type: 'SMS', bytes: 90 });
  });

  it('picks LMS from 91 bytes', () => {
    expect(chooseSmsType('가'.repeat(45) + 'a', false)).toEqual({ type: 'LMS', bytes: 91 });
  });

  it('picks LMS up to 2000 bytes', () => {
    expect(chooseSmsType('가'.repeat(1000), false)).toEqual({ type: 'LMS', bytes: 2000 });
  });

  it('rejects text over 2000 bytes', () => {
    const choice = chooseSmsType('가'.repeat(1000) + '.', false);
    expect(choice).toMatchObject({ bytes: 2001, problem: expect.stringContaining('2000') });
  });

  it('rejects text over 90 bytes abroad', () => {
    const choice = chooseSmsType('가'.repeat(46), true);
    expect(choice).toMatchObject({ bytes: 92, problem: expect.stringContaining('SMS only') });
  });

  it('allows 90 bytes abroad', () => {
    expect(chooseSmsType('가'.repeat(45), true)).toEqual({ type: 'SMS', bytes: 90 });
  });

  it('rejects emoji', () => {
    expect(chooseSmsType('안전 확인 🙏', false)).toMatchObject({
      problem: expect.stringContaining('🙏'),
    });
  });

  it('rejects empty text', () => {
    expect(chooseSmsType('', false)).toMatchObject({ problem: 'the SMS text is empty' });
  });
});

describe('truncateEucKr', () => {
  it('never splits a syllable', () => {
    expect(truncateEucKr('가나다', 5)).toBe('가나');
    expect(truncateEucKr('a가나', 4)).toBe('a가');
    expect(truncateEucKr('가나', 40)).toBe('가나');
  });
});
