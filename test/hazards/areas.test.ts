import { describe, expect, it } from 'vitest';
import { countriesOfShapes } from '../../src/geo/area-countries.js';
import { parseCapCircle, parseCapPolygon } from '../../src/hazards/geometry.js';
import { parseFeedDocument } from '../../src/hazards/parse-feed.js';

const alertWithArea = (area: string) =>
  Buffer.from(
    `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>AREA</identifier><sender>s</sender><sent>2024-01-01T00:00:00Z</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope><info><category>Met</category><event>Storm</event><urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty><area><areaDesc>Kanto</areaDesc>${area}</area></info></alert>`,
  );

describe('CAP circle radius', () => {
  it('drops a circle of 1e300 km with a warning', () => {
    const { events, warnings } = parseFeedDocument(
      alertWithArea('<circle>35.6,139.7 1e300</circle>'),
    );
    expect(events[0].areas[0].circles).toEqual([]);
    expect(events[0].countries).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining('circle dropped')]);
  });

  it('drops a circle above 5,000 km naming the limit', () => {
    const parsed = parseCapCircle('35.6,139.7 5001');
    expect(parsed).toEqual({ problem: '<circle> radius 5001 km is above the limit of 5000 km' });
  });

  it('accepts a circle of 5,000 km', () => {
    expect(parseCapCircle('35.6,139.7 5000')).toEqual({
      value: { center: [139.7, 35.6], radiusKm: 5000 },
    });
  });
});

describe('CAP coordinates', () => {
  it('rejects hex coordinates in a polygon', () => {
    const parsed = parseCapPolygon('0x23,0x8b 35,140 36,140 0x23,0x8b');
    expect(parsed).toEqual({ problem: '<polygon> has an invalid "lat,lon" pair "0x23,0x8b"' });
  });

  it('rejects exponent and Infinity coordinates', () => {
    expect('problem' in parseCapPolygon('3.5e1,139 35,140 36,140 3.5e1,139')).toBe(true);
    expect('problem' in parseCapCircle('Infinity,139 10')).toBe(true);
    expect('problem' in parseCapCircle('35,139 0x10')).toBe(true);
  });

  it('accepts signed decimals', () => {
    const parsed = parseCapPolygon('+35.5,139 -1.,140 .5,141 +35.5,139');
    expect(parsed).toEqual({
      value: [
        [139, 35.5],
        [140, -1],
        [141, 0.5],
        [139, 35.5],
      ],
    });
  });
});

describe('countriesOfShapes near the antimeridian', () => {
  it('samples a ring crossing 180° only where it lies', () => {
    const ring: [number, number][] = [
      [177, -16],
      [-178, -16],
      [-178, -20],
      [177, -20],
      [177, -16],
    ];
    expect(countriesOfShapes([ring], [])).toEqual(['FJ']);
  });

  it('finds the country of a circle across 180°', () => {
    expect(countriesOfShapes([], [{ center: [179.9, -16.5], radiusKm: 100 }])).toEqual(['FJ']);
  });
});
