import { describe, expect, it } from 'vitest';
import { FeedError } from '../../src/hazards/feed-error.js';
import { parseFeedDocument } from '../../src/hazards/parse-feed.js';
import { capAlert, usgsFeature } from './support/documents.js';
import { thrownBy } from './support/own-fixtures.js';

const now = new Date('2026-01-10T00:00:00Z');

function usgsWith(properties: Record<string, unknown>): Buffer {
  const feature = JSON.parse(usgsFeature('us-odd', 1_700_000_000_500).toString('utf8'));
  Object.assign(feature.properties, properties);
  return Buffer.from(JSON.stringify(feature));
}

describe('send time window', () => {
  it('rejects CAP sent in year 9999', () => {
    const bytes = capAlert({ identifier: 'FUTURE', sent: '9999-12-31T23:59:59+14:00' });
    const error = thrownBy(() => parseFeedDocument(bytes, { now }));
    expect(error).toBeInstanceOf(FeedError);
    expect(error.message).toContain('<sent> 9999-12-31T09:59:59.000Z');
    expect(error.message).toContain('more than one day after');
  });

  it('rejects CAP sent in year 0000', () => {
    const bytes = capAlert({ identifier: 'ANCIENT', sent: '0000-01-01T00:00:00Z' });
    const error = thrownBy(() => parseFeedDocument(bytes, { now }));
    expect(error.message).toContain('<sent> 0000-01-01T00:00:00.000Z is before 1970');
  });

  it('accepts CAP sent within a day ahead', () => {
    const bytes = capAlert({ identifier: 'SKEW', sent: '2026-01-10T23:00:00Z' });
    expect(parseFeedDocument(bytes, { now }).events).toHaveLength(1);
  });

  it('uses the real time without a clock', () => {
    const bytes = capAlert({ identifier: 'NO-CLOCK', sent: '2200-01-01T00:00:00Z' });
    expect(thrownBy(() => parseFeedDocument(bytes)).message).toContain('<sent> 2200');
  });

  it('rejects USGS updated in year 2200', () => {
    const bytes = usgsWith({ updated: Date.parse('2200-01-01T00:00:00Z') });
    const error = thrownBy(() => parseFeedDocument(bytes, { now }));
    expect(error.message).toContain('updated 2200-01-01T00:00:00.000Z');
  });

  it('skips one implausible feature of a collection with a warning', () => {
    const good = JSON.parse(usgsFeature('us-good', 1_700_000_000_500).toString('utf8'));
    const bad = JSON.parse(usgsWith({ updated: 7_258_118_400_000 }).toString('utf8'));
    const collection = { type: 'FeatureCollection', features: [good, bad] };
    const parsed = parseFeedDocument(Buffer.from(JSON.stringify(collection)), { now });
    expect(parsed.events.map((event) => event.sourceId)).toEqual(['us-good']);
    expect(parsed.warnings).toEqual([expect.stringContaining('usgs us-odd: updated 2200')]);
  });
});

describe('USGS time range', () => {
  it('rejects a time beyond the Date range', () => {
    const error = thrownBy(() => parseFeedDocument(usgsWith({ time: 1e16 }), { now }));
    expect(error).toBeInstanceOf(FeedError);
    expect(error.message).toContain('invalid time 10000000000000000');
  });

  it('rejects an updated beyond the Date range', () => {
    const error = thrownBy(() => parseFeedDocument(usgsWith({ updated: -1e300 }), { now }));
    expect(error.message).toContain('invalid updated -1e+300');
  });
});

describe('magnitude range', () => {
  it('drops a USGS magnitude of 1e308', () => {
    const parsed = parseFeedDocument(usgsWith({ mag: 1e308 }), { now });
    expect(parsed.events[0].magnitude).toBeNull();
    expect(parsed.warnings).toEqual([expect.stringContaining('magnitude 1e+308 is outside')]);
  });

  it('drops a magnitude below -2', () => {
    const parsed = parseFeedDocument(usgsWith({ mag: -3 }), { now });
    expect(parsed.events[0].magnitude).toBeNull();
  });

  it('keeps a magnitude of 9.5', () => {
    const parsed = parseFeedDocument(usgsWith({ mag: 9.5 }), { now });
    expect(parsed.events[0].magnitude).toBe(9.5);
    expect(parsed.warnings).toEqual([]);
  });
});
