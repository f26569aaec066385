import { createRequire } from 'node:module';
import { iso1A2Code, feature } from '@rapideditor/country-coder';
import countries from 'i18n-iso-countries';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
countries.registerLocale(require('i18n-iso-countries/langs/ko.json'));

/**
 * Returns the ISO 3166-1 alpha-2 code of the country or territory at a point, or undefined at
 * sea beyond any territorial border. Territories answer for themselves (HK, MO, GU, MP, PF),
 * not for their parent country. Borders come bundled with @rapideditor/country-coder.
 */
export function countryAt(lon: number, lat: number): string | undefined {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return undefined;
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return undefined;
  return iso1A2Code([lon, lat], { level: 'territory' }) ?? undefined;
}

/** Tells whether a code is an ISO 3166-1 alpha-2 code of a country or territory (XK included). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && (countries.isValid(code) || code === 'XK');
}

/** Converts an ISO 3166-1 alpha-3 code (as GDACS and MOFA's older data use) to alpha-2. */
export function alpha3ToAlpha2(code: string): string | undefined {
  const upper = code.trim().toUpperCase();
  if (upper === 'XKX' || upper === 'XKK') return 'XK';
  return countries.alpha3ToAlpha2(upper) ?? undefined;
}

/** Converts an ISO 3166-1 numeric code ("410" or 410) to alpha-2. */
export function numericToAlpha2(code: string | number): string | undefined {
  return countries.numericToAlpha2(code) ?? undefined;
}

/** Returns the Korean and English short names of a country or territory. */
export function countryNames(code: string): { ko: string; en: string } | undefined {
  if (!isCountryCode(code)) return undefined;
  const en = countries.getName(code, 'en') ?? feature(code)?.properties.nameEn;
  const ko =
    countries.getName(code, 'ko') ?? new Intl.DisplayNames(['ko'], { type: 'region' }).of(code);
  if (!en || !ko) return undefined;
  return { ko, en };
}

/** Finds a country code by its Korean or English name, as people type it ("일본", "Japan"). */
export function countryByName(name: string): string | undefined {
  const trimmed = name.trim();
  if (isCountryCode(trimmed.toUpperCase())) return trimmed.toUpperCase();
  return (
    countries.getAlpha2Code(trimmed, 'ko') ??
    countries.getAlpha2Code(trimmed, 'en') ??
    (trimmed === '한국' ? 'KR' : undefined)
  );
}

/** Returns the border of a country or territory as GeoJSON geometry, if the bundle has it. */
export function countryGeometry(code: string) {
  const found = feature(code, { level: 'territory' });
  return found?.geometry ?? undefined;
}
