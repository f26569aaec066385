import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { cityById, findCities, isCountryCode, placeIsInCountry, timeZoneAt } from '../geo/index.js';
import { resolveMission } from '../missions/index.js';
import type { FieldProblem } from '../server/errors.js';

export const supportedLanguages = ['ko', 'en', 'zh', 'ja', 'vi', 'fr', 'ru', 'es'] as const;

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** A stay's place as given: a gazetteer city (by id, or by name within the country) or a point. */
export interface PlaceInput {
  country: string;
  cityId?: number | null;
  city?: string | null;
  lon?: number | null;
  lat?: number | null;
}

export interface ResolvedPlace {
  country: string;
  cityId: number | null;
  placeName: string;
  lon: number;
  lat: number;
  timeZone: string;
  missionCode: string | null;
}

/**
 * Normalises a phone number to E.164. Spaces, hyphens and brackets are dropped; anything else
 * must already be E.164 (a plus sign and the country code) and valid for that country.
 */
export function normalizePhone(value: string): string | FieldProblem {
  const compact = value.replace(/[\s()-]/g, '');
  const problem = {
    field: 'phone',
    value,
    message: 'expected an E.164 phone number with country code, like +821012345678',
  };
  if (!/^\+[1-9]\d{6,14}$/.test(compact)) return problem;
  const parsed = parsePhoneNumberFromString(compact);
  if (!parsed || !parsed.isValid()) return problem;
  return parsed.number;
}

/** Checks a calendar date string and returns it, or a problem naming the field. */
export function checkDate(field: string, value: unknown): string | FieldProblem {
  const problem = { field, value, message: 'expected a date as YYYY-MM-DD, like 2026-12-24' };
  if (typeof value !== 'string' || !datePattern.test(value)) return problem;
  const parsed = new Date(`${value}T00:00:00Z`);
  if (isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    return { field, value, message: 'not a date on the calendar; check the month and day' };
  }
  if (value < earliestDate || value > latestDate) {
    return { field, value, message: `expected a date from ${earliestDate} to ${latestDate}` };
  }
  return value;
}

/** Registered stays lie within these dates; anything outside is a typing error. */
const earliestDate = '2000-01-01';
const latestDate = '2100-12-31';
/** The longest stay, in days: ten years covers residents, who re-register when they move. */
const maxStayDays = 3653;

// C0 control characters and DEL never belong in names or keys, and PostgreSQL rejects NUL.
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f]/;

/** Checks an optional free-text field: length limit and no control characters. */
export function checkText(
  field: string,
  value: unknown,
  maxLength: number,
): FieldProblem | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return { field, value, message: 'expected text' };
  if (value.length > maxLength) {
    return {
      field,
      value: `${value.slice(0, 40)}...`,
      message: `expected at most ${maxLength} characters, got ${value.length}`,
    };
  }
  if (controlCharacters.test(value)) {
    return {
      field,
      value,
      message: 'contains a control character (such as NUL or a line break); remove it',
    };
  }
  return undefined;
}

/**
 * Checks the instant a traveler consented: a real instant, not before 2000 and not more than a
 * minute after now, because consent is recorded when it is given.
 */
export function checkConsentTime(value: string, now: Date): FieldProblem | undefined {
  const problem = {
    field: 'consent.at',
    value,
    message: 'expected the ISO 8601 instant the traveler consented, not in the future',
  };
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return problem;
  const time = Date.parse(value);
  if (!Number.isFinite(time) || time < Date.parse('2000-01-01T00:00:00Z')) return problem;
  if (time > now.getTime() + 60_000) return problem;
  return undefined;
}

export function isProblem(value: unknown): value is FieldProblem {
  return typeof value === 'object' && value !== null && 'message' in value && 'field' in value;
}

/** Checks that a stay's dates are real and in order. */
export function checkStayDates(startDate: unknown, endDate: unknown): FieldProblem[] {
  const start = checkDate('startDate', startDate);
  const end = checkDate('endDate', endDate);
  const problems = [start, end].filter(isProblem);
  if (problems.length > 0) return problems;
  if ((end as string) < (start as string)) {
    problems.push({
      field: 'endDate',
      value: endDate,
      message: `the stay ends before it starts (${String(startDate)}); give an end date on or after it`,
    });
  }
  const days = (Date.parse(end as string) - Date.parse(start as string)) / 86_400_000;
  if (days > maxStayDays) {
    problems.push({
      field: 'endDate',
      value: endDate,
      message: `a stay lasts at most ${maxStayDays} days (ten years); register a new stay after that`,
    });
  }
  return problems;
}

/**
 * Resolves a place to coordinates, time zone and mission. A city is looked up in the gazetteer
 * within the given country; a point must lie in that country (or within the coastal tolerance
 * of its border).
 */
export function resolvePlace(input: PlaceInput): ResolvedPlace | FieldProblem[] {
  const country = (input.country ?? '').trim().toUpperCase();
  if (!isCountryCode(country)) {
    return [
      {
        field: 'country',
        value: input.country,
        message: 'expected an ISO 3166-1 alpha-2 code such as JP, TH, HK or GU',
      },
    ];
  }
  return locate(country, input);
}

function locate(country: string, input: PlaceInput): ResolvedPlace | FieldProblem[] {
  if (input.cityId !== undefined && input.cityId !== null) {
    const city = cityById(input.cityId);
    if (!city || city.country !== country) {
      return [
        { field: 'cityId', value: input.cityId, message: `no city with this id in ${country}` },
      ];
    }
    return placeOf(country, city.id, city.nameKo ?? city.name, city.lon, city.lat, city.timeZone);
  }
  if (input.city && input.city.trim() !== '') {
    const [city] = findCities(input.city, { country, limit: 1 });
    if (!city) {
      return [
        {
          field: 'city',
          value: input.city,
          message: `no city of this name in ${country}; check the spelling or give latitude and longitude`,
        },
      ];
    }
    return placeOf(country, city.id, city.nameKo ?? city.name, city.lon, city.lat, city.timeZone);
  }
  return locatePoint(country, input);
}

function locatePoint(country: string, input: PlaceInput): ResolvedPlace | FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { lon, lat } = input;
  if ((lat === null || lat === undefined) && (lon === null || lon === undefined)) {
    return [{ field: 'city', value: null, message: 'give a city, or both latitude and longitude' }];
  }
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    problems.push({ field: 'lat', value: lat, message: 'expected a latitude from -90 to 90' });
  }
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) {
    problems.push({ field: 'lon', value: lon, message: 'expected a longitude from -180 to 180' });
  }
  if (problems.length > 0) return problems;
  if (!placeIsInCountry(lon!, lat!, country)) {
    return [
      {
        field: 'lat',
        value: `${lat},${lon}`,
        message: `the point lies outside ${country}; check the country code or the coordinates`,
      },
    ];
  }
  const zone = timeZoneAt(lon!, lat!) ?? 'UTC';
  return placeOf(country, null, `${lat!.toFixed(4)},${lon!.toFixed(4)}`, lon!, lat!, zone);
}

function placeOf(
  country: string,
  cityId: number | null,
  placeName: string,
  lon: number,
  lat: number,
  timeZone: string,
): ResolvedPlace {
  const mission = resolveMission(country, lon, lat);
  return { country, cityId, placeName, lon, lat, timeZone, missionCode: mission?.code ?? null };
}
