declare module 'tz-lookup' {
  /**
   * Returns the IANA time zone name at a point (latitude first). Throws a RangeError for
   * coordinates outside -90..90 / -180..180. Points at sea get an Etc/GMT±N zone.
   */
  function tzlookup(lat: number, lon: number): string;
  export default tzlookup;
}
