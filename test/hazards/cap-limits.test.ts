import { describe, expect, it } from 'vitest';
import { MAX_INFOS_PER_ALERT } from '../../src/hazards/cap/cap-alert.js';
import { MAX_AREAS_PER_INFO } from '../../src/hazards/cap/cap-info.js';
import { FeedError } from '../../src/hazards/feed-error.js';
import { parseFeedDocument } from '../../src/hazards/parse-feed.js';
import { thrownBy } from './support/own-fixtures.js';

const alertOf = (infos: string) =>
  Buffer.from(
    `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>MANY</identifier><sender>s</sender><sent>2024-01-01T00:00:00Z</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>${infos}</alert>`,
  );

const infoOf = (language: string, areas = '<area><areaDesc>A</areaDesc></area>') =>
  `<info><language>${language}</language><category>Met</category><event>Storm</event><urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>${areas}</info>`;

describe('CAP info limits', () => {
  it('rejects 5,000 identical infos quickly', () => {
    const bytes = alertOf(infoOf('en').repeat(5000));
    expect(bytes.length).toBeGreaterThan(900_000);

    const started = performance.now();
    const error = thrownBy(() => parseFeedDocument(bytes));
    const elapsed = performance.now() - started;

    expect(error).toBeInstanceOf(FeedError);
    expect(error.message).toContain(`has 5000 <info> blocks, above the limit of 100`);
    expect(elapsed).toBeLessThan(1000);
  });

  it('accepts the maximum of identical infos as parts', () => {
    const { events } = parseFeedDocument(alertOf(infoOf('en').repeat(MAX_INFOS_PER_ALERT)));
    expect(events).toHaveLength(MAX_INFOS_PER_ALERT);
    expect(events.at(-1)?.part).toBe(MAX_INFOS_PER_ALERT - 1);
  });

  it('groups repeated translations in order', () => {
    const infos = [infoOf('en'), infoOf('fr'), infoOf('en'), infoOf('de'), infoOf('fr')];
    const { events } = parseFeedDocument(alertOf(infos.join('')));
    expect(events.map((event) => event.languages)).toEqual([
      ['en', 'fr', 'de'],
      ['en', 'fr'],
    ]);
  });

  it('rejects an info with too many areas', () => {
    const areas = '<area><areaDesc>A</areaDesc></area>'.repeat(MAX_AREAS_PER_INFO + 1);
    const error = thrownBy(() => parseFeedDocument(alertOf(infoOf('en', areas))));
    expect(error).toBeInstanceOf(FeedError);
    expect(error.message).toContain('has 1001 <area> blocks, above the limit of 1000');
  });

  it('accepts an info with the maximum of areas', () => {
    const areas = '<area><areaDesc>A</areaDesc></area>'.repeat(MAX_AREAS_PER_INFO);
    const { events } = parseFeedDocument(alertOf(infoOf('en', areas)));
    expect(events[0].areas).toHaveLength(MAX_AREAS_PER_INFO);
  });
});
