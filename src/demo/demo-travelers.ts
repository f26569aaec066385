import { citiesWithKoreanNames, distanceKm, findCities, type City } from '../geo/index.js';
import { seededRandom } from '../geo/index.js';

/** Cities of the example events and a few unaffected ones, with their share of travelers. */
const demoCities: [name: string, country: string, weight: number][] = [
  ['Kanazawa', 'JP', 6],
  ['Toyama', 'JP', 4],
  ['Nanao', 'JP', 2],
  ['Wajima', 'JP', 2],
  ['Suzu', 'JP', 1],
  ['Takaoka', 'JP', 2],
  ['Tokyo', 'JP', 12],
  ['Osaka', 'JP', 8],
  ['Gaziantep', 'TR', 3],
  ['Kahramanmaras', 'TR', 2],
  ['Osmaniye', 'TR', 1],
  ['Adana', 'TR', 2],
  ['Istanbul', 'TR', 5],
  ['Paris', 'FR', 8],
  ['Lyon', 'FR', 2],
  ['Fort Myers', 'US', 2],
  ['Cape Coral', 'US', 2],
  ['Naples', 'US', 1],
  ['Tampa', 'US', 3],
  ['New York', 'US', 6],
  ['Bangkok', 'TH', 8],
  ['Chiang Mai', 'TH', 2],
  ['Hanoi', 'VN', 5],
  ['Manila', 'PH', 5],
];

/**
 * Telephone ranges Ofcom reserves for drama (UK numbering plan): no subscriber ever has these
 * numbers, so a demo or test can never reach a real person. 1,000 numbers per range.
 */
const fictionalRanges = [
  '+44207946',
  '+44113496',
  '+44114496',
  '+44116496',
  '+44117496',
  '+44118496',
  '+44121496',
  '+44131496',
  '+44141496',
  '+44151496',
  '+44161496',
  '+44191498',
];

/** Returns the n-th fictional number; numbers repeat from n = 12,000 on. */
export function fictionalPhone(n: number): string {
  const range = fictionalRanges[Math.floor(n / 1000) % fictionalRanges.length];
  return `${range}0${String(n % 1000).padStart(3, '0')}`;
}

const familyNames = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오'];
const givenNames = ['민준', '서연', '도윤', '하은', '시우', '지유', '예준', '수아', '주원', '지민'];

/** A city by name, or a point given by coordinates when no listed city is near an event. */
export interface DemoPlace {
  city?: string;
  country: string;
  lat?: number;
  lon?: number;
}

export function demoPlaces(): DemoPlace[] {
  return demoCities.map(([city, country]) => ({ city, country }));
}

/**
 * Writes the import CSV of `count` synthetic travelers spread over the demo cities (plus
 * `extraPlaces`), each with one stay per date window. Nine in ten have a fictional phone
 * number, the others only a made-up Kakao user key, so every traveler can be reached.
 */
export function demoTravelersCsv(
  count: number,
  windows: { start: string; end: string }[],
  extraPlaces: DemoPlace[] = [],
): string {
  const random = seededRandom(20240101);
  const places: (DemoPlace & { weight: number })[] = [
    ...demoCities.map(([city, country, weight]) => ({ city, country, weight })),
    ...extraPlaces.map((place) => ({ ...place, weight: 3 })),
  ];
  const total = places.reduce((sum, place) => sum + place.weight, 0);
  const lines = [
    'ref,name,phone,kakao_user_key,language,country,city,latitude,longitude,start_date,end_date,consent',
  ];
  for (let i = 0; i < count; i += 1) {
    const place = pick(places, total, random());
    const name = familyNames[i % familyNames.length] + givenNames[(i * 7) % givenNames.length];
    const phone = i % 10 === 9 ? '' : fictionalPhone(i);
    const userKey =
      i % 10 === 9 || i % 4 === 0 ? `demo-user-key-${String(i).padStart(6, '0')}` : '';
    for (const window of windows) {
      const columns = [
        `demo-${i}`,
        name,
        phone,
        userKey,
        'ko',
        place.country,
        place.city ?? '',
        place.lat ?? '',
        place.lon ?? '',
        window.start,
        window.end,
        'yes',
      ];
      lines.push(columns.join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

function pick<T extends { weight: number }>(items: T[], total: number, draw: number): T {
  let left = draw * total;
  for (const item of items) {
    left -= item.weight;
    if (left < 0) return item;
  }
  return items[items.length - 1];
}

/** Cities within `radiusKm` of a point, nearest first, for travelers near a given event. */
export function citiesNear(lon: number, lat: number, radiusKm: number, limit = 3): City[] {
  return citiesWithKoreanNames()
    .map((city) => ({ city, distance: distanceKm(lon, lat, city.lon, city.lat) }))
    .filter((entry) => entry.distance <= radiusKm)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, limit)
    .map((entry) => entry.city);
}

export { findCities };
