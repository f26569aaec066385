import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** A phone number split the way Korean message providers want it. */
export interface ProviderPhone {
  /** True for +82 numbers, which providers take in national form. */
  domestic: boolean;
  /** Country calling code without "+", e.g. "82". */
  countryCode: string;
  /** Korean national form with the leading 0 ("01012345678") or, abroad, the national number. */
  nationalDigits: string;
  /** Country code followed by the national number, no "+" ("14155550123"). */
  internationalDigits: string;
}

/**
 * Parses an E.164 number (a leading "+" and the country code). Returns undefined when it is not
 * a valid number, so the caller can report a permanent recipient failure.
 */
export function parseProviderPhone(phone: string): ProviderPhone | undefined {
  const parsed = parsePhoneNumberFromString(phone);
  if (!parsed || !parsed.isValid()) return undefined;

  const countryCode = parsed.countryCallingCode;
  const domestic = countryCode === '82';
  return {
    domestic,
    countryCode,
    nationalDigits: domestic ? parsed.formatNational().replace(/\D/g, '') : parsed.nationalNumber,
    internationalDigits: `${countryCode}${parsed.nationalNumber}`,
  };
}
