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
 * Decodes a feed document to text. A byte order mark wins. Without one, the encoding named in
 * the XML declaration is used. UTF-8, the XML and JSON default, is checked byte by byte.
 */
export function decodeDocument(bytes: Buffer, maxBytes = MAX_DOCUMENT_BYTES): string {
  if (bytes.length > maxBytes) {
    throw new FeedError(
      'too-large',
      `document is ${bytes.length} bytes, above the limit of ${maxBytes} bytes; split the feed or fetch a shorter period`,
    );
  }

  if (startsWith(bytes, utf8Bom)) return decodeUtf8(bytes.subarray(3), 'a UTF-8 byte order mark');
  if (startsWith(bytes, [0xff, 0xfe])) return bytes.subarray(2).toString('utf16le');
  if (startsWith(bytes, [0xfe, 0xff])) return iconv.decode(bytes.subarray(2), 'utf-16be');

  const declared = declaredEncoding(bytes);
  if (!declared || isUtf8Name(declared)) {
    return decodeUtf8(bytes, declared ? `encoding="${declared}"` : 'no encoding declaration');
  }
  if (!iconv.encodingExists(declared)) {
    throw new FeedError(
      'encoding',
      `document declares encoding "${declared}", which is not supported; re-encode it as UTF-8`,
    );
  }
  return iconv.decode(bytes, declared);
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
