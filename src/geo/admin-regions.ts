import { around } from 'geokdbush';
import { cityIndex } from './city-index.js';
import { allCityRecords } from './gazetteer.js';

/**
 * English names of GeoNames admin-1 codes, for the countries where mission jurisdictions are
 * written by region. GeoNames numbers Japan's prefectures and China's provinces alphabetically
 * (JP.40 Tokyo, CN.30 Guangdong); US codes are the postal codes.
 */
// prettier-ignore
const adminNames: Record<string, Record<string, string>> = {
  JP: {
    '01': 'Aichi', '02': 'Akita', '03': 'Aomori', '04': 'Chiba', '05': 'Ehime', '06': 'Fukui',
    '07': 'Fukuoka', '08': 'Fukushima', '09': 'Gifu', '10': 'Gunma', '11': 'Hiroshima',
    '12': 'Hokkaido', '13': 'Hyogo', '14': 'Ibaraki', '15': 'Ishikawa', '16': 'Iwate',
    '17': 'Kagawa', '18': 'Kagoshima', '19': 'Kanagawa', '20': 'Kochi', '21': 'Kumamoto',
    '22': 'Kyoto', '23': 'Mie', '24': 'Miyagi', '25': 'Miyazaki', '26': 'Nagano',
    '27': 'Nagasaki', '28': 'Nara', '29': 'Niigata', '30': 'Oita', '31': 'Okayama',
    '32': 'Osaka', '33': 'Saga', '34': 'Saitama', '35': 'Shiga', '36': 'Shimane',
    '37': 'Shizuoka', '38': 'Tochigi', '39': 'Tokushima', '40': 'Tokyo', '41': 'Tottori',
    '42': 'Toyama', '43': 'Wakayama', '44': 'Yamagata', '45': 'Yamaguchi', '46': 'Yamanashi',
    '47': 'Okinawa',
  },
  CN: {
    '01': 'Anhui', '02': 'Zhejiang', '03': 'Jiangxi', '04': 'Jiangsu', '05': 'Jilin',
    '06': 'Qinghai', '07': 'Fujian', '08': 'Heilongjiang', '09': 'Henan', '10': 'Hebei',
    '11': 'Hunan', '12': 'Hubei', '13': 'Xinjiang', '14': 'Tibet', '15': 'Gansu',
    '16': 'Guangxi', '18': 'Guizhou', '19': 'Liaoning', '20': 'Inner Mongolia',
    '21': 'Ningxia', '22': 'Beijing', '23': 'Shanghai', '24': 'Shanxi', '25': 'Shandong',
    '26': 'Shaanxi', '28': 'Tianjin', '29': 'Yunnan', '30': 'Guangdong', '31': 'Hainan',
    '32': 'Sichuan', '33': 'Chongqing',
  },
};

/** An admin-1 region (prefecture, province, state) of a country. */
export interface AdminRegion {
  country: string;
  /** GeoNames admin-1 code within the country. */
  code: string;
  /** English name where the table above has one. */
  name?: string;
}

/** Returns the admin-1 region names known for a country (empty when there is no table). */
export function adminRegionNames(country: string): string[] {
  return Object.values(adminNames[country] ?? {});
}

/**
 * Returns the admin-1 region of the nearest gazetteer city in the given country, within
 * `maxDistanceKm` (100 by default). No admin-1 shapes are bundled, so a point near a regional
 * border can get the neighbouring region, so the result is a best guess.
 */
export function adminRegionAt(
  lon: number,
  lat: number,
  country: string,
  maxDistanceKm = 100,
): AdminRegion | undefined {
  const records = allCityRecords();
  const [nearest] = around(cityIndex(), lon, lat, 1, maxDistanceKm, (position: number) => {
    return records[position].country === country;
  });
  if (nearest === undefined) return undefined;

  const code = records[nearest].adminCode;
  const name = adminNames[country]?.[code];
  return { country, code, ...(name ? { name } : {}) };
}
