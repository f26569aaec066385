import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { FeedError } from '../feed-error.js';

/**
 * Maximum document size, in bytes. NOTE: an estimate with headroom; the largest feed expected
 * is a USGS all-month summary, roughly 10 MB.
 */
export const MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

const utf8Bom = [0xef, 0xbb, 0xbf];

/**
 * Encodings a document may declare, by lower-case label, with the iconv-lite codec that reads
 * it. These are the ones alert senders use. Others, UTF-7 above all, are rejected: UTF-7 lets
 * plain ASCII bytes decode to different characters, so the checked text would not be the text
 * stored.
 */
const acceptedEncodings: Record<string, string> = {
  'us-ascii': 'us-ascii',
  ascii: 'us-ascii',
  'iso-8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  'iso-8859-15': 'iso-8859-15',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'euc-kr': 'cp949',
  cp949: 'cp949',
  'ks_c_5601-1987': 'cp949',
  shift_jis: 'shift_jis',
  'shift-jis': 'shift_jis',
  sjis: 'shift_jis',
  'windows-31j': 'windows-31j',
  'euc-jp': 'euc-jp',
  gb2312: 'gbk',
  gbk: 'gbk',
  gb18030: 'gb18030',
  big5: 'big5',
};

const acceptedList =
  'UTF-8, UTF-16 with a byte order mark, US-ASCII, ISO-8859-1, ISO-8859-15, windows-1252, EUC-KR, CP949, Shift_JIS, EUC-JP, GB2312, GBK, GB18030 or Big5';

/**
 * Decodes a feed document to text. A byte order mark wins, and a declaration that names
 * another encoding is a conflict. Without one, the encoding named in the XML declaration is
 * used if it is accepted. UTF-8, the XML and JSON default, is checked byte by byte.
 */
export function decodeDocument(bytes: Buffer, maxBytes = MAX_DOCUMENT_BYTES): string {
  if (bytes.length > maxBytes) {
    throw new FeedError(
      'too-large',
      `document is ${bytes.length} bytes, above the limit of ${maxBytes} bytes; split the feed or fetch a shorter period`,
    );
  }

  if (startsWith(bytes, utf8Bom)) {
    checkBomAgreement(declaredEncoding(bytes.subarray(3)), 'UTF-8', isUtf8Name);
    return decodeUtf8(bytes.subarray(3), 'a UTF-8 byte order mark');
  }
  if (startsWith(bytes, [0xff, 0xfe])) return decodeUtf16(bytes.subarray(2), 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return decodeUtf16(bytes.subarray(2), 'utf-16be');
  rejectUtf16WithoutBom(bytes);

  const declared = declaredEncoding(bytes);
  if (!declared || isUtf8Name(declared)) {
    return decodeUtf8(bytes, declared ? `encoding="${declared}"` : 'no encoding declaration');
  }
  return decodeDeclared(bytes, declared);
}

function decodeUtf16(bytes: Buffer, codec: 'utf-16le' | 'utf-16be'): string {
  const text = iconv.decode(bytes, codec);
  const head = Buffer.from(text.slice(0, 200), 'latin1');
  checkBomAgreement(declaredEncoding(head), 'UTF-16', (name) => /^utf-?16(le|be)?$/i.test(name));
  return text;
}

function checkBomAgreement(
  declared: string | undefined,
  bomEncoding: string,
  agrees: (name: string) => boolean,
): void {
  if (declared === undefined || agrees(declared)) return;
  throw new FeedError(
    'encoding',
    `document starts with a ${bomEncoding} byte order mark but declares encoding="${declared}"; remove the declaration or re-save the document in ${declared} without the mark`,
  );
}

/** An ASCII character next to a zero byte at the start is UTF-16 without a byte order mark. */
function rejectUtf16WithoutBom(bytes: Buffer): void {
  if (bytes.length < 2) return;
  const [first, second] = bytes;
  const isAscii = (value: number) => value > 0 && value < 0x80;
  const order =
    first === 0 && isAscii(second) ? 'big' : isAscii(first) && second === 0 ? 'little' : undefined;
  if (!order) return;
  throw new FeedError(
    'encoding',
    `document looks like UTF-16 (${order}-endian) without a byte order mark; add the mark (0x${order === 'big' ? 'FEFF' : 'FFFE'}) or re-save the document as UTF-8`,
  );
}

function decodeDeclared(bytes: Buffer, declared: string): string {
  const codec = acceptedEncodings[declared.toLowerCase()];
  if (/^utf-?16/i.test(declared)) {
    throw new FeedError(
      'encoding',
      `document declares encoding="${declared}" but has no UTF-16 byte order mark; re-save it as UTF-8 or with the mark`,
    );
  }
  if (!codec || !iconv.encodingExists(codec)) {
    throw new FeedError(
      'encoding',
      `document declares encoding "${declared}", which is not accepted; re-encode it as UTF-8 (accepted: ${acceptedList})`,
    );
  }
  if (codec === 'us-ascii') return decodeAscii(bytes, declared);
  return iconv.decode(bytes, codec);
}

function decodeAscii(bytes: Buffer, declared: string): string {
  const offset = bytes.findIndex((value) => value >= 0x80);
  if (offset !== -1) {
    throw new FeedError(
      'encoding',
      `document declares encoding="${declared}" but byte ${offset} (0x${bytes[offset].toString(16)}) is not ASCII; declare the real encoding or re-save it as UTF-8`,
    );
  }
  return bytes.toString('latin1');
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return prefix.every((value, index) => bytes[index] === value);
}

function isUtf8Name(name: string): boolean {
  return /^utf-?8$/i.test(name);
}

/** Reads encoding="..." from an XML declaration; the declaration itself is ASCII by rule. */
function declaredEncoding(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 200).toString('latin1');
  const declaration = /^\s*<\?xml\s[^?]*\?>/.exec(head)?.[0];
  if (!declaration) return undefined;
  return /\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(declaration)?.[1];
}

function decodeUtf8(bytes: Buffer, why: string): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');

  const badOffset = firstInvalidUtf8Offset(bytes);
  if (badOffset !== -1) {
    throw new FeedError(
      'encoding',
      `document is treated as UTF-8 (${why}) but byte ${badOffset} (0x${bytes[badOffset]
        .toString(16)
        .padStart(2, '0')}) is not valid UTF-8; declare the real encoding or re-save it as UTF-8`,
    );
  }
  return bytes.toString('utf8');
}

/** Returns the offset of the first byte that breaks UTF-8 (RFC 3629), or -1. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index];
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0) return index;
    if (!validContinuation(bytes, index, length)) return index;
    index += length;
  }
  return -1;
}

function validContinuation(bytes: Uint8Array, start: number, length: number): boolean {
  if (start + length > bytes.length) return false;
  for (let offset = 1; offset < length; offset += 1) {
    if ((bytes[start + offset] & 0xc0) !== 0x80) return false;
  }
  const lead = bytes[start];
  const second = bytes[start + 1];
  // Overlong forms, UTF-16 surrogates and code points above U+10FFFF are invalid.
  if (lead === 0xe0 && second < 0xa0) return false;
  if (lead === 0xed && second > 0x9f) return false;
  if (lead === 0xf0 && second < 0x90) return false;
  if (lead === 0xf4 && second > 0x8f) return false;
  return true;
}
