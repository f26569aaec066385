import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { countryByName, findCities, type City } from '../../geo/index.js';

/**
 * Reads a phone number as people type it: with a country code (+66 81 234 5678, 0066...) or a
 * national number of the given country (010-1234-5678 for Korea). Returns E.164 or undefined.
 */
export function parsePhone(text: string, defaultCountry: string = 'KR'): string | undefined {
  const cleaned = text.trim().replace(/^00/, '+');
  if (!/\d{6,}/.test(cleaned.replace(/\D/g, ''))) return undefined;
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry as CountryCode);
  return parsed?.isValid() ? parsed.number : undefined;
}

const isoDate = /^(\d{4})[-./]\s*(\d{1,2})[-./]\s*(\d{1,2})\.?$/;
const monthDay = /^(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*일?$/;
const yearMonthDayKo = /^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일?$/;

/** Today's date (YYYY-MM-DD) in a time zone. */
export function localDate(now: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/**
 * Reads a calendar date: 2026-12-10, 2026.12.10, 2026년 12월 10일, 12월 10일, 12/10, today,
 * tomorrow (오늘, 내일). A date without a year is the next such date from today.
 */
export function parseDate(text: string, today: string): string | undefined {
  const input = text.trim().toLowerCase();
  if (input === '오늘' || input === 'today') return today;
  if (input === '내일' || input === 'tomorrow') return addDays(today, 1);

  const full = isoDate.exec(input) ?? yearMonthDayKo.exec(input);
  if (full) return validDate(Number(full[1]), Number(full[2]), Number(full[3]));

  const short = monthDay.exec(input);
  if (!short) return undefined;
  const year = Number(today.slice(0, 4));
  const candidate = validDate(year, Number(short[1]), Number(short[2]));
  if (!candidate) return undefined;
  return candidate >= today ? candidate : validDate(year + 1, Number(short[1]), Number(short[2]));
}

function validDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1) return undefined;
  if (date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface Place {
  country?: string;
  city?: City;
}

/**
 * Finds a country and a city in free text such as "태국 방콕" or "Bangkok, Thailand": each
 * word (and the whole text) is tried as a country name, then as a city within that country.
 */
export function locatePlace(text: string): Place {
  const words = text
    .split(/[\s,;/]+/)
    .map((word) => word.trim())
    .filter((word) => word.length > 0);
  const candidates = [text.trim(), ...words];

  const country = candidates.map((word) => countryByName(word)).find(Boolean);
  for (const word of candidates) {
    if (country && countryByName(word) === country) continue;
    const city = findCities(word, { country, limit: 1 })[0];
    if (city) return { country: city.country, city };
  }
  return { country };
}

/** Display name of a city in the conversation's language. */
export function cityName(city: City, language: 'ko' | 'en'): string {
  return language === 'ko' ? (city.nameKo ?? city.name) : city.name;
}
