import { describe, expect, it } from 'vitest';
import { FeedError } from '../../src/hazards/feed-error.js';
import { parseCapCircle, parseCapPolygon } from '../../src/hazards/geometry.js';
import { parseFeedDocument } from '../../src/hazards/parse-feed.js';
import { ownFixture, thrownBy } from './support/own-fixtures.js';

describe('CAP in an EDXL-DE envelope', () => {
  const { events, warnings } = parseFeedDocument(ownFixture('edxl-two-alerts.xml'));

  it('reads every alert of the envelope', () => {
    expect(events.map((event) => [event.sourceId, event.part])).toEqual([
      ['TEST-EDXL-1', 0],
      ['TEST-EDXL-1', 1],
      ['TEST-EDXL-2', 0],
    ]);
  });

  it('joins info blocks that differ only in language', () => {
    const [typhoon] = events;
    expect(typhoon.languages).toEqual(['ko-KR', 'en-US']);
    expect(typhoon.headline).toEqual({
      'ko-KR': '태풍 경보 발표',
      'en-US': 'Typhoon warning issued',
    });
    expect(typhoon.event).toBe('태풍 경보');
    expect(typhoon.hazardType).toBe('tropical-cyclone');
    expect(typhoon.status).toBe('exercise');
  });

  it('keeps a different info block as its own event', () => {
    const surge = events[1];
    expect(surge.severity).toBe('extreme');
    expect(surge.versionKey).toBe(`${surge.sent}#1`);
  });

  it('matches a circle with radius to the country under it', () => {
    expect(events[0].areas[0].circles).toEqual([{ center: [129.04, 35.1], radiusKm: 20 }]);
    expect(events[0].countries).toEqual(['KR']);
    expect(events[0].areaKind).toBe('shapes');
  });

  it('drops broken polygons with a warning and keeps the area', () => {
    const area = events[1].areas[0];
    expect(area.polygons).toEqual([]);
    expect(area.circles).toEqual([{ center: [129.1, 35.05], radiusKm: 0 }]);
    expect(warnings.some((warning) => /invalid "lat,lon" pair "35.1,abc"/.test(warning))).toBe(
      true,
    );
    expect(warnings.some((warning) => /1 distinct points/.test(warning))).toBe(true);
  });

  it('reads a cancel without info as one event', () => {
    const cancel = events[2];
    expect(cancel.msgType).toBe('cancel');
    expect(cancel.references).toEqual(['TEST-EDXL-0']);
    expect(cancel.areaKind).toBe('unresolved');
    expect(cancel.countries).toEqual([]);
  });
});

describe('CAP in RSS', () => {
  it('reads an alert embedded in an item and resolves territory codes', () => {
    const { events } = parseFeedDocument(ownFixture('rss-embedded.xml'));
    expect(events).toHaveLength(1);
    expect(events[0].msgType).toBe('update');
    expect(events[0].references).toEqual(['RSS-CAP-0']);
    expect(events[0].languages).toEqual(['en-US']);
    expect(events[0].countries).toEqual(['GU', 'PR']);
    expect(events[0].areaKind).toBe('unresolved');
    expect(events[0].hazardType).toBe('flood');
  });
});

describe('CAP namespace check', () => {
  it('rejects CAP 1.0 naming its namespace', () => {
    const error = thrownBy(() => parseFeedDocument(ownFixture('cap-1-0.cap')));
    expect((error as FeedError).code).toBe('unsupported-namespace');
    expect(error.message).toContain('http://www.incident.com/cap/1.0');
  });

  it('rejects an alert without a namespace', () => {
    const error = thrownBy(() =>
      parseFeedDocument(Buffer.from('<alert><identifier>x</identifier></alert>')),
    );
    expect(error.message).toMatch(/has no namespace/);
  });

  it('rejects an alert whose sent has no offset', () => {
    const xml = `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>a</identifier><sender>s</sender><sent>2024-01-01T00:00:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope></alert>`;
    expect(thrownBy(() => parseFeedDocument(Buffer.from(xml))).message).toMatch(/<sent>/);
  });
});

describe('CAP geometry', () => {
  it('swaps a polygon to lon,lat and closes an open ring', () => {
    expect(parseCapPolygon('10,20 11,20 11,21')).toEqual({
      value: [
        [20, 10],
        [20, 11],
        [21, 11],
        [20, 10],
      ],
    });
  });

  it('tolerates plus signs and trailing commas', () => {
    const parsed = parseCapPolygon('+41.1,-117.6, +41.0,-117.4, +40.9,-117.5 +41.1,-117.6');
    expect(parsed).toEqual({
      value: [
        [-117.6, 41.1],
        [-117.4, 41.0],
        [-117.5, 40.9],
        [-117.6, 41.1],
      ],
    });
  });

  it('rejects coordinates out of range', () => {
    expect(parseCapPolygon('91,0 0,0 1,1 91,0')).toHaveProperty('problem');
  });

  it('reads a circle of radius 0 as a point', () => {
    expect(parseCapCircle('32.9525,-115.5527 0')).toEqual({
      value: { center: [-115.5527, 32.9525], radiusKm: 0 },
    });
  });

  it('rejects a circle without radius', () => {
    expect(parseCapCircle('32.9,-115.5')).toHaveProperty('problem');
  });
});
