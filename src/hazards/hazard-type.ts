import type { HazardType } from './hazard-event.js';

/** SAME event codes of the US Emergency Alert System and NWS that name a hazard type. */
const sameEventCodes: Record<string, HazardType> = {
  EQW: 'earthquake',
  TSA: 'tsunami',
  TSW: 'tsunami',
  HUA: 'tropical-cyclone',
  HUW: 'tropical-cyclone',
  HLS: 'tropical-cyclone',
  TRA: 'tropical-cyclone',
  TRW: 'tropical-cyclone',
  FFA: 'flood',
  FFW: 'flood',
  FFS: 'flood',
  FLA: 'flood',
  FLW: 'flood',
  FLS: 'flood',
  FRW: 'wildfire',
  VOW: 'volcano',
  AVA: 'avalanche',
  AVW: 'avalanche',
  BZW: 'winter-weather',
  WSA: 'winter-weather',
  WSW: 'winter-weather',
  SVA: 'storm',
  SVR: 'storm',
  SVS: 'storm',
  TOA: 'storm',
  TOR: 'storm',
  SMW: 'storm',
  HWA: 'storm',
  HWW: 'storm',
  EWW: 'storm',
  DSW: 'storm',
};

/**
 * Keyword rules over the event name, checked in order so that the more specific word wins
 * ("Winter Storm Warning" is winter weather, "Tsunami ... earthquake" a tsunami). English,
 * French, German, Swedish, Korean and Japanese words cover the feeds Abroad reads.
 */
const keywordRules: [RegExp, HazardType][] = [
  [/tsunami|津波|쓰나미|지진해일/i, 'tsunami'],
  [/earthquake|seism|quake|erdbeben|jordbävning|지진|地震/i, 'earthquake'],
  [/hurricane|typhoon|cyclone|tropical storm|ouragan|태풍|台風/i, 'tropical-cyclone'],
  [/volcan|eruption|\bash\b|화산|噴火/i, 'volcano'],
  [/avalanche|lawine|lavin|눈사태|雪崩/i, 'avalanche'],
  [/landslide|mudslide|debris flow|glissement|산사태|土砂/i, 'landslide'],
  [/flood|inondation|crue|hochwasser|översvämning|홍수|洪水|高潮/i, 'flood'],
  [/wildfire|forest fire|bushfire|\bfire\b|incendie|feux|brand|산불|火災/i, 'wildfire'],
  [/drought|sécheresse|dürre|torka|가뭄|干ばつ/i, 'drought'],
  [/\bheat\b|canicule|hitze|värme|폭염|高温/i, 'heat'],
  [
    /blizzard|snow|\bice\b|icy|freez|frost|winter|\bcold\b|wind chill|neige|verglas|grand froid|snö|대설|한파|大雪/i,
    'winter-weather',
  ],
  [/air quality|smoke|pollution|미세먼지/i, 'air-quality'],
  [
    /thunder|storm|tornado|\bwind|gale|squall|\bdust|\bsurf\b|\brain|orage|\bvent|pluie|gewitter|sturm|åska|storm|호우|강풍|뇌우|大雨|暴風/i,
    'storm',
  ],
];

/** Derives a hazard type from SAME event codes first, then from the event name. */
export function classifyHazard(eventName: string, sameCodes: string[] = []): HazardType {
  for (const code of sameCodes) {
    const type = sameEventCodes[code.trim().toUpperCase()];
    if (type) return type;
  }
  for (const [pattern, type] of keywordRules) {
    if (pattern.test(eventName)) return type;
  }
  return 'other';
}
