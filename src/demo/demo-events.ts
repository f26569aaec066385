/**
 * Example feed documents written from the facts of real past events (place, magnitude, depth,
 * severity), moved so that each was sent a few minutes ago.
 * Facts come from the public reports of the USGS (earthquakes), the US National Hurricane
 * Center (Ian) and news reports (Paris, Bangkok); wording and ids are ours.
 */

export interface DemoDocument {
  fileName: string;
  content: string;
}

const minutes = 60_000;

function usgsQuake(options: {
  id: string;
  magnitude: number;
  place: string;
  lon: number;
  lat: number;
  depthKm: number;
  at: Date;
}): DemoDocument {
  const time = options.at.getTime();
  const feature = {
    type: 'Feature',
    id: options.id,
    properties: {
      mag: options.magnitude,
      place: options.place,
      time,
      updated: time + 5 * minutes,
      status: 'reviewed',
      tsunami: 1,
      type: 'earthquake',
      title: `M ${options.magnitude} - ${options.place}`,
      magType: 'mww',
      net: 'us',
      code: options.id.slice(2),
      ids: `,${options.id},`,
      sources: ',us,',
      types: ',origin,phase-data,',
    },
    geometry: { type: 'Point', coordinates: [options.lon, options.lat, options.depthKm] },
  };
  const collection = {
    type: 'FeatureCollection',
    metadata: { generated: time + 6 * minutes, title: 'Abroad demo feed', count: 1, api: '1.10.3' },
    features: [feature],
  };
  return { fileName: `${options.id}.geojson`, content: JSON.stringify(collection, null, 2) };
}

function capAlert(options: {
  identifier: string;
  sender: string;
  at: Date;
  hoursValid: number;
  category: string;
  event: string;
  severity: string;
  headline: string;
  description: string;
  areaDesc: string;
  polygon?: string;
  circle?: string;
  country: string;
}): DemoDocument {
  const sent = options.at.toISOString().replace(/\.\d{3}Z$/, '+00:00');
  const expires = new Date(options.at.getTime() + options.hoursValid * 3_600_000)
    .toISOString()
    .replace(/\.\d{3}Z$/, '+00:00');
  const shape = options.polygon
    ? `<polygon>${options.polygon}</polygon>`
    : `<circle>${options.circle}</circle>`;
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${options.identifier}</identifier>
  <sender>${options.sender}</sender>
  <sent>${sent}</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>en</language>
    <category>${options.category}</category>
    <event>${options.event}</event>
    <urgency>Immediate</urgency>
    <severity>${options.severity}</severity>
    <certainty>Observed</certainty>
    <effective>${sent}</effective>
    <expires>${expires}</expires>
    <headline>${options.headline}</headline>
    <description>${options.description}</description>
    <area>
      <areaDesc>${options.areaDesc}</areaDesc>
      ${shape}
      <geocode><valueName>ISO3166-1</valueName><value>${options.country}</value></geocode>
    </area>
  </info>
</alert>
`;
  return { fileName: `${options.identifier}.xml`, content };
}

/** Returns the example documents, each sent a few minutes before `now`. */
export function demoDocuments(now: Date): DemoDocument[] {
  const recent = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * minutes);
  return [
    // 2024 Noto Peninsula earthquake: 2024-01-01 16:10 JST, M7.5, 37.50N 137.27E, ~10 km.
    usgsQuake({
      id: 'demonoto2024',
      magnitude: 7.5,
      place: 'Noto Peninsula, Japan',
      lon: 137.27,
      lat: 37.5,
      depthKm: 10,
      at: recent(12),
    }),
    // 2023 Kahramanmaraş earthquake: 2023-02-06 01:17 UTC, M7.8, 37.23N 37.01E, ~10 km.
    usgsQuake({
      id: 'demokahramanmaras2023',
      magnitude: 7.8,
      place: 'Pazarcik, Kahramanmaras, Turkiye',
      lon: 37.014,
      lat: 37.226,
      depthKm: 10,
      at: recent(9),
    }),
    // 2015 Paris attacks: 2015-11-13 from about 21:16 CET in the 10th and 11th arrondissements.
    capAlert({
      identifier: `demo-paris-attack-${now.getTime()}`,
      sender: 'demo@abroad.example',
      at: recent(7),
      hoursValid: 12,
      category: 'Security',
      event: 'Terrorist attack',
      severity: 'Extreme',
      headline: 'Armed attacks in central Paris; stay indoors',
      description: 'Several armed attacks in the 10th and 11th arrondissements. Stay indoors.',
      areaDesc: 'Paris 10e-11e',
      circle: '48.8630,2.3700 5',
      country: 'FR',
    }),
    // Hurricane Ian: landfall at Cayo Costa, Florida, 2022-09-28 about 19:05 UTC, category 4.
    capAlert({
      identifier: `demo-ian-hurricane-${now.getTime()}`,
      sender: 'demo@abroad.example',
      at: recent(5),
      hoursValid: 24,
      category: 'Met',
      event: 'Hurricane Warning',
      severity: 'Extreme',
      headline: 'Hurricane Warning for Lee, Charlotte and Collier counties',
      description:
        'Category 4 hurricane making landfall near Cayo Costa. Life-threatening storm surge.',
      areaDesc: 'Southwest Florida coast',
      polygon: '27.3,-82.6 27.3,-81.2 25.8,-81.2 25.8,-82.6 27.3,-82.6',
      country: 'US',
    }),
    // 2011 Thailand floods reached northern Bangkok in late October 2011.
    capAlert({
      identifier: `demo-bangkok-flood-${now.getTime()}`,
      sender: 'demo@abroad.example',
      at: recent(3),
      hoursValid: 48,
      category: 'Met',
      event: 'Flood Warning',
      severity: 'Moderate',
      headline: 'Flood water reaching northern Bangkok',
      description: 'Flood water from the Chao Phraya basin is reaching northern districts.',
      areaDesc: 'Bangkok',
      polygon: '13.5,100.3 14.1,100.3 14.1,100.9 13.5,100.9 13.5,100.3',
      country: 'TH',
    }),
  ];
}
