/** The area of a test alert: one polygon ring as "lat,lon" pairs, or one circle. */
export type TestArea =
  { description: string; polygon: string } | { description: string; circle: string };

export interface TestAlert {
  identifier: string;
  sent: Date;
  expires: Date;
  event: string;
  category: string;
  severity: 'Extreme' | 'Severe' | 'Moderate' | 'Minor';
  headline: string;
  area: TestArea;
}

function capTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

/** Builds a CAP 1.2 alert with one English info block, for tests that ingest a document. */
export function capAlert(alert: TestAlert): Buffer {
  const shape =
    'polygon' in alert.area
      ? `<polygon>${alert.area.polygon}</polygon>`
      : `<circle>${alert.area.circle}</circle>`;
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${alert.identifier}</identifier>
  <sender>test@example.org</sender>
  <sent>${capTime(alert.sent)}</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>en-US</language>
    <category>${alert.category}</category>
    <event>${alert.event}</event>
    <urgency>Immediate</urgency>
    <severity>${alert.severity}</severity>
    <certainty>Observed</certainty>
    <expires>${capTime(alert.expires)}</expires>
    <headline>${alert.headline}</headline>
    <area>
      <areaDesc>${alert.area.description}</areaDesc>
      ${shape}
    </area>
  </info>
</alert>`);
}
