import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  quakeRadiusKm,
  targetEventVersion,
  type TargetableEvent,
} from '../../src/alerts/targeting.js';
import { addStay, createTraveler, deleteStay, updateStay } from '../../src/travelers/index.js';
import { forEachDialect } from '../support/db.js';

const actor = { kind: 'system' as const, id: 'test' };
const consent = { version: 'v1' };

type Position = [number, number];

const tokyoPolygon: Position[] = [
  [139.5, 35.5],
  [140.0, 35.5],
  [140.0, 35.9],
  [139.5, 35.9],
  [139.5, 35.5],
];
const osakaPolygon: Position[] = [
  [135.3, 34.5],
  [135.7, 34.5],
  [135.7, 34.8],
  [135.3, 34.8],
  [135.3, 34.5],
];

function eventWith(overrides: Partial<TargetableEvent>): TargetableEvent {
  return {
    hazardType: 'storm',
    sent: '2026-12-10T00:00:00.000Z',
    expires: '2026-12-11T00:00:00.000Z',
    areaKind: 'shapes',
    countries: [],
    areas: [],
    ...overrides,
  };
}

function polygonEvent(ring: Position[], description: string): TargetableEvent {
  return eventWith({ areas: [{ description, polygons: [ring], circles: [] }] });
}

forEachDialect('targeting', (get) => {
  const stays: Record<string, string> = {};

  beforeAll(async () => {
    const place = async (name: string, input: Parameters<typeof addStay>[2]) => {
      const traveler = await createTraveler(get().ctx, { consent }, actor);
      stays[name] = (await addStay(get().ctx, traveler.id, input, actor)).id;
    };
    await place('tokyo', {
      country: 'JP',
      city: 'Tokyo',
      startDate: '2026-12-01',
      endDate: '2026-12-31',
    });
    await place('tokyoGone', {
      country: 'JP',
      city: 'Tokyo',
      startDate: '2026-12-01',
      endDate: '2026-12-09',
    });
    await place('osaka', {
      country: 'JP',
      city: 'Osaka',
      startDate: '2026-12-01',
      endDate: '2026-12-31',
    });
    await place('bangkok', {
      country: 'TH',
      city: 'Bangkok',
      startDate: '2026-12-05',
      endDate: '2026-12-20',
    });
    await place('fiji', {
      country: 'FJ',
      lat: -16.8,
      lon: 179.9,
      startDate: '2026-12-01',
      endDate: '2026-12-31',
    });
  });

  const matchedIds = async (event: TargetableEvent) =>
    (await targetEventVersion(get().ctx, event)).map((match) => match.stayId).sort();

  it('matches a stay in Tokyo by a polygon around Tokyo', async () => {
    const matches = await targetEventVersion(get().ctx, polygonEvent(tokyoPolygon, 'Tokyo'));
    expect(matches.map((match) => match.stayId)).toEqual([stays.tokyo]);
    expect(matches[0].reason).toEqual({ kind: 'polygon', area: 'Tokyo' });
    expect(matches[0].timeZone).toBe('Asia/Tokyo');
  });

  it('does not match Tokyo by a polygon around Osaka', async () => {
    expect(await matchedIds(polygonEvent(osakaPolygon, 'Osaka'))).toEqual([stays.osaka]);
  });

  it('skips a stay that ended the day before', async () => {
    const ids = await matchedIds(polygonEvent(tokyoPolygon, 'Tokyo'));
    expect(ids).not.toContain(stays.tokyoGone);
  });

  it('matches every stay of a country-only event', async () => {
    const event = eventWith({ areaKind: 'countries', countries: ['TH'] });
    const matches = await targetEventVersion(get().ctx, event);
    expect(matches.map((match) => match.stayId)).toEqual([stays.bangkok]);
    expect(matches[0].reason).toEqual({ kind: 'country', area: 'TH' });
  });

  it('matches nobody for an unresolved area', async () => {
    const event = eventWith({ areaKind: 'unresolved', countries: ['JP'] });
    expect(await matchedIds(event)).toEqual([]);
  });

  it('matches a circle with the distance as reason', async () => {
    const event = eventWith({
      areas: [
        { description: 'Kansai', polygons: [], circles: [{ center: [135.5, 34.7], radiusKm: 50 }] },
      ],
    });
    const matches = await targetEventVersion(get().ctx, event);
    expect(matches.map((match) => match.stayId)).toEqual([stays.osaka]);
    expect(matches[0].reason.kind).toBe('circle');
  });

  it('draws a radius around an earthquake given as a point', async () => {
    const event = eventWith({
      hazardType: 'earthquake',
      magnitude: 7.5,
      depthKm: 10,
      epicenter: [139.9, 35.6],
      areas: [
        {
          description: 'Tokyo Bay',
          polygons: [],
          circles: [{ center: [139.9, 35.6], radiusKm: 0 }],
        },
      ],
    });
    const matches = await targetEventVersion(get().ctx, event);
    expect(matches.map((match) => match.stayId)).toEqual([stays.tokyo]);
    expect(matches[0].reason).toMatchObject({ kind: 'epicentre', radiusKm: 92.7 });
  });

  it('matches across the antimeridian', async () => {
    const ring: Position[] = [
      [179.0, -17.5],
      [-179.0, -17.5],
      [-179.0, -16.0],
      [179.0, -16.0],
      [179.0, -17.5],
    ];
    expect(await matchedIds(polygonEvent(ring, 'Fiji'))).toEqual([stays.fiji]);
    const circle = eventWith({
      areas: [
        { description: 'east', polygons: [], circles: [{ center: [-179.9, -16.8], radiusKm: 40 }] },
      ],
    });
    expect(await matchedIds(circle)).toEqual([stays.fiji]);
  });

  it('sees a new stay without a restart', async () => {
    const before = await matchedIds(polygonEvent(osakaPolygon, 'Osaka'));
    const traveler = await createTraveler(get().ctx, { consent }, actor);
    const added = await addStay(
      get().ctx,
      traveler.id,
      { country: 'JP', city: 'Osaka', startDate: '2026-12-09', endDate: '2026-12-12' },
      actor,
    );
    const after = await matchedIds(polygonEvent(osakaPolygon, 'Osaka'));
    expect(after).toEqual([...before, added.id].sort());

    await updateStay(get().ctx, traveler.id, added.id, { city: 'Tokyo' }, actor);
    expect(await matchedIds(polygonEvent(osakaPolygon, 'Osaka'))).toEqual(before);
    expect(await matchedIds(polygonEvent(tokyoPolygon, 'Tokyo'))).toContain(added.id);

    await deleteStay(get().ctx, traveler.id, added.id, actor);
    expect(await matchedIds(polygonEvent(tokyoPolygon, 'Tokyo'))).not.toContain(added.id);
  });
});

describe('quakeRadiusKm', () => {
  const rule = loadConfig({}).quakeRadiusRule;

  it('grows with magnitude and shrinks with depth', () => {
    expect(quakeRadiusKm(7.5, 10, rule)).toBeCloseTo(92.7, 0);
    expect(quakeRadiusKm(6, 10, rule)).toBeCloseTo(21, 0);
    expect(quakeRadiusKm(7.5, 300, rule)).toBeLessThan(quakeRadiusKm(7.5, 10, rule));
  });

  it('stays within the configured bounds', () => {
    expect(quakeRadiusKm(3, 10, rule)).toBe(10);
    expect(quakeRadiusKm(9.5, 0, rule)).toBe(600);
  });
});
