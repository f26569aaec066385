/** Builds small feed documents for storage tests. */

export function capAlert(options: {
  identifier: string;
  sent: string;
  msgType?: 'Alert' | 'Update' | 'Cancel';
  references?: string[];
  severity?: string;
}): Buffer {
  const references = options.references?.length
    ? `<references>${options.references.map((id) => `test@example.org,${id},2024-01-01T00:00:00Z`).join(' ')}</references>`
    : '';
  const info =
    options.msgType === 'Cancel'
      ? ''
      : `<info><category>Met</category><event>Typhoon warning</event><urgency>Expected</urgency>
        <severity>${options.severity ?? 'Severe'}</severity><certainty>Likely</certainty>
        <area><areaDesc>Okinawa</areaDesc><circle>26.2,127.7 30</circle></area></info>`;
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${options.identifier}</identifier><sender>test@example.org</sender>
  <sent>${options.sent}</sent><status>Actual</status><msgType>${options.msgType ?? 'Alert'}</msgType>
  <scope>Public</scope>${references}${info}
</alert>`);
}

export function usgsFeature(id: string, updatedMillis: number, mag = 5.2): Buffer {
  return Buffer.from(
    JSON.stringify({
      type: 'Feature',
      id,
      properties: {
        mag,
        time: 1_700_000_000_000,
        updated: updatedMillis,
        ids: `,${id},`,
        net: 'us',
        alert: 'yellow',
        status: 'reviewed',
        tsunami: 0,
        type: 'earthquake',
        title: `M ${mag}`,
      },
      geometry: { type: 'Point', coordinates: [139.7, 35.6, 30] },
    }),
  );
}

export function gdacsFeature(episodeid: number, alertlevel: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [125.6, 12.1] },
      properties: {
        eventtype: 'TC',
        eventid: 1000999,
        episodeid,
        name: 'Tropical Cyclone TEST-24',
        alertlevel,
        iso3: 'PHL',
        country: 'Philippines',
        affectedcountries: [{ iso2: 'PH', iso3: 'PHL', countryname: 'Philippines' }],
        fromdate: '2024-10-01T00:00:00',
        todate: '2024-10-03T00:00:00',
        datemodified: `2024-10-0${episodeid}T06:00:00`,
      },
    }),
  );
}
