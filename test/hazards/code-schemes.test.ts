import { describe, expect, it } from 'vitest';
import { countriesOfShapes } from '../../src/geo/area-countries.js';
import { countriesOfGeocodes } from '../../src/hazards/code-schemes.js';

const codes = (name: string, ...values: string[]) =>
  countriesOfGeocodes(values.map((value) => ({ name, value })));

describe('countriesOfGeocodes', () => {
  it('maps SAME and FIPS6 state digits to US and territories', () => {
    expect(codes('SAME', '006037').countries).toEqual(['US']);
    expect(codes('FIPS6', '066010 069100').countries).toEqual(['GU', 'MP']);
    expect(codes('SAME', '072001', '078010', '060010').countries).toEqual(['AS', 'PR', 'VI']);
    expect(codes('SAME', '003001').countries).toEqual([]);
  });

  it('maps UGC zones and counties', () => {
    expect(codes('UGC', 'MTZ014', 'NVC013').countries).toEqual(['US']);
    expect(codes('UGC', 'PRZ001').countries).toEqual(['PR']);
    expect(codes('UGC', 'XXZ001').countries).toEqual([]);
  });

  it('maps NUTS and EMMA_ID prefixes with EL and UK', () => {
    expect(codes('NUTS3', 'EL301').countries).toEqual(['GR']);
    expect(codes('EMMA_ID', 'UK108').countries).toEqual(['GB']);
    expect(codes('NUTS2', 'FR71').countries).toEqual(['FR']);
  });

  it('reads ISO 3166-2 subdivisions as regions', () => {
    const result = codes('http://www.iso.org/iso/country_codes.html', 'AU-NSW');
    expect(result).toEqual({ countries: ['AU'], wholeCountries: false });
  });

  it('reads ISO 3166-1 codes as whole countries', () => {
    expect(codes('ISO3166-1', 'JP', 'PHL')).toEqual({
      countries: ['JP', 'PH'],
      wholeCountries: true,
    });
  });

  it('gives nothing for unknown schemes', () => {
    expect(codes('Taiwan_Geocode_100', '1000512')).toEqual({
      countries: [],
      wholeCountries: false,
    });
    expect(codes('행정구역코드', '[GeoCode]').countries).toEqual([]);
  });
});

describe('countriesOfShapes', () => {
  it('finds both countries of a polygon across a border', () => {
    // A box over the Rhine between Strasbourg (FR) and Kehl (DE).
    const ring: [number, number][] = [
      [7.6, 48.5],
      [7.9, 48.5],
      [7.9, 48.7],
      [7.6, 48.7],
      [7.6, 48.5],
    ];
    expect(countriesOfShapes([ring], [])).toEqual(['DE', 'FR']);
  });

  it('answers a territory for itself', () => {
    expect(countriesOfShapes([], [{ center: [144.79, 13.47], radiusKm: 0 }])).toEqual(['GU']);
  });

  it('finds nothing in open ocean', () => {
    expect(countriesOfShapes([], [{ center: [-140, -40], radiusKm: 50 }])).toEqual([]);
  });
});
