import tzlookup from 'tz-lookup';

/**
 * Returns the IANA time zone at a point, or undefined for coordinates out of range.
 * tz-lookup 6.1.25 answers from a coarse grid built from timezone-boundary-builder data; it is
 * right for the island territories Korean travellers visit (Pacific/Saipan, Pacific/Tahiti,
 * Asia/Macau) and gives Etc/GMT±N zones at sea.
 */
export function timeZoneAt(lon: number, lat: number): string | undefined {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return undefined;
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return undefined;
  return tzlookup(lat, lon);
}
