import iconv from 'iconv-lite';

/**
 * Size rules of NHN Cloud SMS, counted in EUC-KR bytes (a Hangul syllable is 2 bytes, ASCII 1).
 * The encoder is iconv-lite's EUC-KR, which like CP949 encodes all 11,172 Hangul syllables in 2 bytes each.
 */
export const smsMaxBytes = 90;
export const lmsMaxBytes = 2000;
export const lmsTitleMaxBytes = 40;

export type SmsType = 'SMS' | 'LMS';

export interface EucKrMeasure {
  bytes: number;
  /** Characters EUC-KR cannot carry (emoji, most non-Korean scripts); they make a send fail. */
  unencodable: string[];
}

export function measureEucKr(text: string): EucKrMeasure {
  let bytes = 0;
  const unencodable: string[] = [];
  for (const character of text) {
    const encoded = iconv.encode(character, 'euc-kr');
    bytes += encoded.length;
    if (iconv.decode(encoded, 'euc-kr') !== character) unencodable.push(character);
  }
  return { bytes, unencodable };
}

export type SmsTypeChoice = { type: SmsType; bytes: number } | { problem: string; bytes: number };

/**
 * Picks SMS when the text fits 90 bytes and LMS up to 2,000 bytes. Numbers outside Korea take
 * SMS only, so a longer text for them is a problem to report, not something to cut silently.
 */
export function chooseSmsType(text: string, international: boolean): SmsTypeChoice {
  const { bytes, unencodable } = measureEucKr(text);
  if (unencodable.length > 0) {
    const shown = [...new Set(unencodable)].slice(0, 5).join(' ');
    return {
      bytes,
      problem: `the SMS text has characters EUC-KR cannot encode (${shown}); remove emoji and non-Korean scripts`,
    };
  }
  if (bytes === 0) return { bytes, problem: 'the SMS text is empty' };
  if (bytes <= smsMaxBytes) return { type: 'SMS', bytes };
  if (international) {
    return {
      bytes,
      problem: `numbers outside Korea take SMS only, which allows ${smsMaxBytes} EUC-KR bytes, got ${bytes}; give a shorter smsText`,
    };
  }
  if (bytes <= lmsMaxBytes) return { type: 'LMS', bytes };
  return {
    bytes,
    problem: `LMS allows ${lmsMaxBytes} EUC-KR bytes, got ${bytes}; shorten the SMS text`,
  };
}

/** Cuts text to at most `maxBytes` EUC-KR bytes without splitting a character. */
export function truncateEucKr(text: string, maxBytes: number): string {
  let bytes = 0;
  let result = '';
  for (const character of text) {
    const size = iconv.encode(character, 'euc-kr').length;
    if (bytes + size > maxBytes) break;
    bytes += size;
    result += character;
  }
  return result;
}
