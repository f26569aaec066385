import { alpha3ToAlpha2, isCountryCode } from '../geo/countries.js';
import type { Geocode } from './hazard-event.js';

/**
 * Country codes from the region code schemes that CAP senders put in <geocode>. Only schemes
 * whose codes name their country are read; an unknown scheme gives nothing, never a guess.
 */

/** FIPS state codes of US territories, which ISO 3166-1 lists as their own codes. */
const fipsTerritories: Record<string, string> = {
  '60': 'AS',
  '66': 'GU',
  '69': 'MP',
  '72': 'PR',
  '78': 'VI',
};

/** FIPS 5-2 codes of the 50 states and DC; 03, 07, 14, 43 and 52 were never assigned. */
const unusedFipsStates = new Set(['00', '03', '07', '14', '43', '52']);

/**
 * SAME marine area prefixes off the US coasts and on the Great Lakes. NOTE: marine prefixes of
 * Pacific island waters are left unmapped because their country is not certain.
 */
const sameMarineAreas = new Set([
  '57',
  '58',
  '59',
  '73',
  '75',
  '77',
  '91',
  '92',
  '93',
  '94',
  '96',
  '97',
  '98',
]);

const usStates = new Set(
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'.split(
    ' ',
  ),
);

/** UGC marine zone prefixes of US waters (Atlantic, Gulf, Great Lakes, Pacific, Alaska). */
const ugcMarineAreas = new Set('AM AN GM LC LE LH LM LO LS PH PK PZ SL'.split(' '));

const ugcTerritories = new Set(['AS', 'GU', 'MP', 'PR', 'VI']);

/** NUTS and EMMA_ID use EU country prefixes, two of which differ from ISO 3166-1. */
const euPrefixes: Record<string, string> = { EL: 'GR', UK: 'GB' };

export interface GeocodeCountries {
  countries: string[];
  /** True when every resolved code names a whole country (ISO 3166-1), not a region in it. */
  wholeCountries: boolean;
}

/** Resolves geocodes to ISO 3166-1 alpha-2 codes; a geocode value may hold several codes. */
export function countriesOfGeocodes(geocodes: Geocode[]): GeocodeCountries {
  const found = new Set<string>();
  let wholeCountries = true;

  for (const geocode of geocodes) {
    for (const value of geocode.value.split(/\s+/).filter(Boolean)) {
      const resolved = countryOfCode(geocode.name, value);
      if (!resolved) continue;
      found.add(resolved.country);
      wholeCountries &&= resolved.whole;
    }
  }
  return { countries: [...found].sort(), wholeCountries: found.size > 0 && wholeCountries };
}

function countryOfCode(
  scheme: string,
  value: string,
): { country: string; whole: boolean } | undefined {
  const name = scheme.trim().toUpperCase();
  const code = value.trim().toUpperCase();
  const region = (country: string | undefined) => (country ? { country, whole: false } : undefined);

  if (name === 'SAME' || name === 'FIPS6' || name === 'FIPS') return region(fromFips(code));
  if (name === 'UGC') return region(fromUgc(code));
  if (/^NUTS[0-3]?$/.test(name) || name === 'EMMA_ID') return region(fromEuPrefix(code));
  if (/CAP-CP:LOCATION|EC-MSC-SMC:.*:CLC$/.test(name))
    return region(/^\d+$/.test(code) ? 'CA' : undefined);
  if (/ISO.?3166-?2|COUNTRY_CODES/.test(name) && /^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(code)) {
    return region(fromIso2(code.slice(0, 2)));
  }
  if (/ISO.?3166|^ISO3?$|^COUNTRY$/.test(name)) return fromIsoCountry(code);
  return undefined;
}

function fromFips(code: string): string | undefined {
  // SAME is "PSSCCC" (P = part of county), FIPS6 "0SSCCC", both with the state in digits 2-3.
  const state = /^\d{6}$/.test(code)
    ? code.slice(1, 3)
    : /^\d{5}$/.test(code)
      ? code.slice(0, 2)
      : undefined;
  if (!state) return undefined;
  if (fipsTerritories[state]) return fipsTerritories[state];
  if (sameMarineAreas.has(state)) return 'US';
  const number = Number(state);
  return number >= 1 && number <= 56 && !unusedFipsStates.has(state) ? 'US' : undefined;
}

function fromUgc(code: string): string | undefined {
  const match = /^([A-Z]{2})[CZ](\d{3}|ALL)$/.exec(code);
  if (!match) return undefined;
  const prefix = match[1];
  if (ugcTerritories.has(prefix)) return prefix;
  return usStates.has(prefix) || ugcMarineAreas.has(prefix) ? 'US' : undefined;
}

function fromEuPrefix(code: string): string | undefined {
  const prefix = code.slice(0, 2);
  return fromIso2(euPrefixes[prefix] ?? prefix);
}

function fromIso2(code: string): string | undefined {
  return isCountryCode(code) ? code : undefined;
}

function fromIsoCountry(code: string): { country: string; whole: boolean } | undefined {
  const country = code.length === 3 ? alpha3ToAlpha2(code) : fromIso2(code);
  return country ? { country, whole: true } : undefined;
}
