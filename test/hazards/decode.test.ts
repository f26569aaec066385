import { describe, expect, it } from 'vitest';
import { FeedError } from '../../src/hazards/feed-error.js';
import { parseFeedDocument } from '../../src/hazards/parse-feed.js';
import { decodeDocument, firstInvalidUtf8Offset } from '../../src/hazards/xml/decode.js';
import { parseXml } from '../../src/hazards/xml/xml-tree.js';
import { ownFixture, thrownBy } from './support/own-fixtures.js';

const minimalAlert = (body: string) =>
  `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>${body}</identifier><sender>s</sender><sent>2024-01-01T00:00:00Z</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope></alert>`;

describe('decodeDocument', () => {
  it('honours an ISO-8859-1 declaration', () => {
    const { events } = parseFeedDocument(ownFixture('latin1-alert.cap'));
    expect(events[0].headline['fr-FR']).toBe('Orages prévus à Nîmes');
    expect(events[0].countries).toEqual(['FR']);
  });

  it('strips a UTF-8 byte order mark', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(minimalAlert('BOM')),
    ]);
    expect(parseFeedDocument(bytes).events[0].sourceId).toBe('BOM');
  });

  it('decodes UTF-16 with a byte order mark', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(minimalAlert('기상청'), 'utf16le'),
    ]);
    expect(parseFeedDocument(bytes).events[0].sourceId).toBe('기상청');
  });

  it('rejects declared UTF-8 that is not UTF-8', () => {
    const bytes = Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?>${minimalAlert('caf\u00e9')}`,
      'latin1',
    );
    const error = thrownBy(() => decodeDocument(bytes));
    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).code).toBe('encoding');
    expect(error.message).toMatch(/not valid UTF-8.*declare the real encoding/);
  });

  it('rejects a document above the size limit', () => {
    const error = thrownBy(() =>
      parseFeedDocument(Buffer.from(minimalAlert('big')), { maxBytes: 100 }),
    );
    expect((error as FeedError).code).toBe('too-large');
  });

  it('rejects an unknown declared encoding', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="x-klingon"?><a/>');
    expect(thrownBy(() => decodeDocument(bytes)).message).toMatch(/x-klingon/);
  });

  it('rejects a UTF-8 byte order mark with another declaration', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`<?xml version="1.0" encoding="Shift_JIS"?>${minimalAlert('BOM-SJIS')}`),
    ]);
    const error = thrownBy(() => decodeDocument(bytes));
    expect((error as FeedError).code).toBe('encoding');
    expect(error.message).toContain('UTF-8 byte order mark but declares encoding="Shift_JIS"');
  });

  it('rejects a UTF-16 byte order mark with another declaration', () => {
    const text = `<?xml version="1.0" encoding="ISO-8859-1"?>${minimalAlert('BOM16')}`;
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(thrownBy(() => decodeDocument(bytes)).message).toContain(
      'UTF-16 byte order mark but declares encoding="ISO-8859-1"',
    );
  });

  it('accepts a UTF-16 byte order mark declared as UTF-16', () => {
    const text = `<?xml version="1.0" encoding="UTF-16"?>${minimalAlert('BOM16-OK')}`;
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(parseFeedDocument(bytes).events[0].sourceId).toBe('BOM16-OK');
  });

  it('rejects UTF-7 naming the encoding', () => {
    const bytes = Buffer.from(`<?xml version="1.0" encoding="UTF-7"?>${minimalAlert('+AGA-')}`);
    const error = thrownBy(() => decodeDocument(bytes));
    expect((error as FeedError).code).toBe('encoding');
    expect(error.message).toContain('encoding "UTF-7", which is not accepted');
  });

  it('decodes an accepted legacy encoding', () => {
    const bytes = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="Shift_JIS"?><a>'),
      Buffer.from([0x93, 0xfa, 0x96, 0x7b]),
      Buffer.from('</a>'),
    ]);
    expect(parseXml(decodeDocument(bytes)).text).toBe('日本');
  });

  it('rejects non-ASCII bytes declared US-ASCII', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="US-ASCII"?><a>\u00e9</a>', 'latin1');
    expect(thrownBy(() => decodeDocument(bytes)).message).toContain('byte 44 (0xe9) is not ASCII');
  });

  it('reports UTF-16 without a byte order mark', () => {
    const text = minimalAlert('NOBOM');
    const big = thrownBy(() => decodeDocument(Buffer.from(text, 'utf16le').swap16()));
    const little = thrownBy(() => decodeDocument(Buffer.from(text, 'utf16le')));
    expect(big.message).toContain('looks like UTF-16 (big-endian) without a byte order mark');
    expect(little.message).toContain('looks like UTF-16 (little-endian) without a byte order mark');
  });

  it('finds the offset of the first bad UTF-8 byte', () => {
    expect(firstInvalidUtf8Offset(Buffer.from('ok'))).toBe(-1);
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0xc3, 0x28]))).toBe(1);
    expect(firstInvalidUtf8Offset(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
  });
});

describe('parseXml', () => {
  it('rejects any DOCTYPE, even without entities', () => {
    const error = thrownBy(() => parseXml('<!DOCTYPE a><a/>'));
    expect((error as FeedError).code).toBe('dtd-forbidden');
  });

  it('rejects an undeclared entity reference', () => {
    const error = thrownBy(() => parseXml('<a>&xxe;</a>'));
    expect((error as FeedError).code).toBe('not-well-formed');
  });

  it('decodes predefined and character references', () => {
    expect(parseXml('<a>&amp;&#233;&#x41;</a>').text).toBe('&éA');
  });

  it('keeps processing instructions and XInclude inert', () => {
    const root = parseXml(
      '<?xml-stylesheet href="http://127.0.0.1:9/x.xsl"?><a xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd"/></a>',
    );
    expect(root.children[0].local).toBe('include');
    expect(root.children[0].children).toEqual([]);
  });
});
