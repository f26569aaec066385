import { describe, expect, it } from 'vitest';
import { severityFromAlertLevel } from '../../src/hazards/hazard-event.js';
import { parseIso6709 } from '../../src/hazards/jma/jma-parser.js';
import { parseFeedDocument } from '../../src/hazards/parse-feed.js';
import { ownFixture, thrownBy } from './support/own-fixtures.js';

describe('severityFromAlertLevel', () => {
  it('maps PAGER and GDACS colours', () => {
    expect(severityFromAlertLevel('green')).toBe('minor');
    expect(severityFromAlertLevel('yellow')).toBe('moderate');
    expect(severityFromAlertLevel('Orange')).toBe('severe');
    expect(severityFromAlertLevel('Red')).toBe('extreme');
  });

  it('gives unknown without a level', () => {
    expect(severityFromAlertLevel(null)).toBe('unknown');
    expect(severityFromAlertLevel('purple')).toBe('unknown');
  });
});

describe('USGS GeoJSON', () => {
  it('reads a detail feature with PAGER level and tsunami flag', () => {
    const [event] = parseFeedDocument(ownFixture('usgs-detail.geojson')).events;
    expect(event.sourceId).toBe('us7000test');
    expect(event.severity).toBe('severe');
    expect(event.magnitude).toBe(7.1);
    expect(event.depthKm).toBe(35.5);
    expect(event.epicenter).toEqual([139.7, 35]);
    expect(event.extra.tsunami).toBe(true);
    expect(event.sent).toBe('2023-11-14T23:13:20.000Z');
    expect(event.onset).toBe('2023-11-14T22:13:20.000Z');
    expect(event.versionKey).toBe(event.sent);
  });

  it('turns a deleted feature into a cancel and skips a feature without geometry', () => {
    const { events, warnings } = parseFeedDocument(ownFixture('usgs-deleted.geojson'));
    expect(events).toHaveLength(1);
    expect(events[0].msgType).toBe('cancel');
    expect(events[0].severity).toBe('unknown');
    expect(warnings).toEqual(['USGS feature 1 has no id, time or Point geometry; skipped']);
  });

  it('rejects unknown JSON naming what it expected', () => {
    const error = thrownBy(() =>
      parseFeedDocument(Buffer.from('{"type":"Feature","properties":{}}')),
    );
    expect(error.message).toMatch(/neither USGS .* nor GDACS/);
  });
});

describe('GDACS GeoJSON', () => {
  const feature = (alertlevel: string, episodeid: number) =>
    Buffer.from(
      JSON.stringify({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [125.6, 7.1] },
        properties: {
          eventtype: 'EQ',
          eventid: 1400000,
          episodeid,
          name: 'Earthquake in Philippines',
          alertlevel,
          country: 'Philippines',
          iso3: 'PHL',
          fromdate: '2024-05-01T10:00:00',
          todate: '2024-05-01T10:00:00',
          datemodified: '2024-05-01T11:00:00',
          affectedcountries: [{ iso2: 'PH', iso3: 'PHL', countryname: 'Philippines' }],
          severitydata: {
            severity: 6.4,
            severitytext: 'Magnitude 6.4M, Depth:33km',
            severityunit: 'M',
          },
        },
      }),
    );

  it('maps Orange to severe and reads magnitude and depth', () => {
    const [event] = parseFeedDocument(feature('Orange', 2)).events;
    expect(event.sourceId).toBe('EQ1400000');
    expect(event.severity).toBe('severe');
    expect(event.magnitude).toBe(6.4);
    expect(event.depthKm).toBe(33);
    expect(event.countries).toEqual(['PH']);
    expect(event.versionKey).toBe('episode 2');
    expect(event.sent).toBe('2024-05-01T11:00:00.000Z');
  });
});

describe('JMA reports', () => {
  it('reads a tsunami warning with its strongest kind', () => {
    const [event] = parseFeedDocument(ownFixture('jma-tsunami.xml')).events;
    expect(event.source).toBe('jma');
    expect(event.sourceId).toBe('20240101161018');
    expect(event.hazardType).toBe('tsunami');
    expect(event.severity).toBe('extreme');
    expect(event.magnitude).toBe(7.4);
    expect(event.depthKm).toBe(10);
    expect(event.epicenter).toEqual([137.3, 37.5]);
    expect(event.countries).toEqual(['JP']);
    expect(event.areas.map((area) => area.description)).toEqual([
      '石川県能登地方',
      '大津波警報',
      '津波警報',
    ]);
    expect(event.headline).toEqual({ 'ja-JP': '大津波警報を発表しました。' });
  });

  it('parses ISO 6709 points with and without depth', () => {
    expect(parseIso6709('+35.7+139.8-10000/')).toEqual({ point: [139.8, 35.7], depthKm: 10 });
    expect(parseIso6709('+56.7+161.4/')).toEqual({ point: [161.4, 56.7], depthKm: null });
    expect(parseIso6709('')).toBeUndefined();
  });
});
