import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { listAudit } from '../../src/audit/index.js';
import {
  findVersionsBySourceId,
  getEventVersion,
  getHazardEvent,
  ingestDocument,
  onNewVersion,
  type IngestOrigin,
  type StoredVersion,
} from '../../src/hazards/index.js';
import { FeedError } from '../../src/hazards/feed-error.js';
import { insertVersion, toRow } from '../../src/hazards/hazards.repo.js';
import { parseFeedDocument } from '../../src/hazards/parse-feed.js';
import { countRows, forEachDialect } from '../support/db.js';
import { capAlert, gdacsFeature, usgsFeature } from './support/documents.js';
import { hazardFixturesDir } from './support/fixtures-dir.js';

const origin: IngestOrigin = { name: 'test', actor: { kind: 'system', id: 'test' } };
const fixtures = hazardFixturesDir();

forEachDialect('hazard event storage', (get) => {
  it('re-ingesting a document changes nothing', async () => {
    const { ctx } = get();
    const bytes = capAlert({ identifier: 'SAME-TWICE', sent: '2024-05-01T00:00:00Z' });
    const first = await ingestDocument(ctx, bytes, origin);
    const before = await countRows(ctx, 'hazard_events');
    const audits = (await listAudit(ctx.db, { entityType: 'hazard_event', limit: 1000 })).length;

    const second = await ingestDocument(ctx, bytes, origin);

    expect(first.versions[0].isNew).toBe(true);
    expect(second.versions[0].isNew).toBe(false);
    expect(second.versions[0].id).toBe(first.versions[0].id);
    expect(await countRows(ctx, 'hazard_events')).toBe(before);
    expect((await listAudit(ctx.db, { entityType: 'hazard_event', limit: 1000 })).length).toBe(
      audits,
    );
  });

  it('CAP update supersedes the original', async () => {
    const { ctx } = get();
    const original = await ingestDocument(
      ctx,
      capAlert({ identifier: 'TY-1', sent: '2024-06-01T00:00:00Z' }),
      origin,
    );
    const update = await ingestDocument(
      ctx,
      capAlert({
        identifier: 'TY-2',
        sent: '2024-06-01T06:00:00Z',
        msgType: 'Update',
        references: ['TY-1'],
        severity: 'Extreme',
      }),
      origin,
    );

    const [first] = original.versions;
    const [second] = update.versions;
    expect(second.eventId).toBe(first.eventId);
    expect((await getEventVersion(ctx.db, first.id))?.supersededBy).toBe(second.id);

    const view = await getHazardEvent(ctx.db, first.eventId);
    expect(view?.current.id).toBe(second.id);
    expect(view?.current.event.severity).toBe('extreme');
    expect(view?.versions.map((version) => version.event.sourceId)).toEqual(['TY-1', 'TY-2']);
    expect(view?.ended).toBe(false);
  });

  it('CAP cancel ends the event', async () => {
    const { ctx } = get();
    await ingestDocument(
      ctx,
      capAlert({ identifier: 'FL-1', sent: '2024-07-01T00:00:00Z' }),
      origin,
    );
    const cancel = await ingestDocument(
      ctx,
      capAlert({
        identifier: 'FL-1-C',
        sent: '2024-07-01T03:00:00Z',
        msgType: 'Cancel',
        references: ['FL-1'],
      }),
      origin,
    );

    const view = await getHazardEvent(ctx.db, cancel.versions[0].id);
    expect(view?.ended).toBe(true);
    expect(view?.current.event.msgType).toBe('cancel');
    expect(view?.versions).toHaveLength(2);
  });

  it('CAP cancel ends every part of an alert', async () => {
    const { ctx } = get();
    const twoParts = Buffer.from(
      capAlert({ identifier: 'PARTS-1', sent: '2024-07-02T00:00:00Z' })
        .toString()
        .replace(
          '</info>',
          '</info><info><category>Met</category><event>Storm surge</event><urgency>Expected</urgency><severity>Extreme</severity><certainty>Likely</certainty></info>',
        ),
    );
    const parts = await ingestDocument(ctx, twoParts, origin);
    await ingestDocument(
      ctx,
      capAlert({
        identifier: 'PARTS-1-C',
        sent: '2024-07-02T03:00:00Z',
        msgType: 'Cancel',
        references: ['PARTS-1'],
      }),
      origin,
    );

    expect(parts.versions.map((version) => version.event.part)).toEqual([0, 1]);
    for (const version of parts.versions) {
      expect((await getHazardEvent(ctx.db, version.eventId))?.ended).toBe(true);
    }
  });

  it('USGS updated time makes a new version', async () => {
    const { ctx } = get();
    const first = await ingestDocument(ctx, usgsFeature('us-test-1', 1_700_000_100_000), origin);
    const second = await ingestDocument(
      ctx,
      usgsFeature('us-test-1', 1_700_000_900_000, 5.6),
      origin,
    );
    const late = await ingestDocument(
      ctx,
      usgsFeature('us-test-1', 1_700_000_500_000, 5.4),
      origin,
    );

    expect(second.versions[0].eventId).toBe(first.versions[0].eventId);
    expect(late.versions[0].isNew).toBe(true);
    expect(late.versions[0].supersededBy).toBe(second.versions[0].id);
    const view = await getHazardEvent(ctx.db, first.versions[0].eventId);
    expect(view?.current.event.magnitude).toBe(5.6);
    expect(await findVersionsBySourceId(ctx.db, 'usgs', 'us-test-1')).toHaveLength(3);
  });

  it('USGS update dated 2200 is rejected', async () => {
    const { ctx } = get();
    const future = Date.parse('2200-01-01T00:00:00Z');
    const error = await ingestDocument(ctx, usgsFeature('us-future-1', future), origin).catch(
      (caught: unknown) => caught,
    );
    const real = await ingestDocument(ctx, usgsFeature('us-future-1', 1_700_000_900_000), origin);

    expect(error).toBeInstanceOf(FeedError);
    expect((error as Error).message).toContain('updated 2200-01-01T00:00:00.000Z');
    expect(real.versions[0].supersededBy).toBeNull();
    expect(await findVersionsBySourceId(ctx.db, 'usgs', 'us-future-1')).toHaveLength(1);
  });

  it('accepts a drill alert dated at a pinned scenario time', async () => {
    const { ctx } = get();
    const drill = {
      ...ctx,
      clock: { real: () => new Date(), scenario: () => new Date('2200-01-01T00:00:00Z') },
    };
    const bytes = capAlert({ identifier: 'DRILL-2200', sent: '2200-01-01T00:00:00Z' });

    const result = await ingestDocument(drill, bytes, origin);

    expect(result.versions[0].isNew).toBe(true);
  });

  it('stored version dated far ahead does not outrank an update', async () => {
    const { ctx } = get();
    const parsed = parseFeedDocument(usgsFeature('us-future-2', 1_700_000_100_000));
    const forged = { ...parsed.events[0], sent: '2200-01-01T00:00:00.000Z', versionKey: 'forged' };
    const receivedAt = '2023-11-14T22:15:00.000Z';
    const row = toRow({
      id: 'forged-row',
      eventId: 'forged-event',
      origin: 'old',
      receivedAt,
      event: forged,
    });
    await insertVersion(ctx.db, row);

    const real = await ingestDocument(ctx, usgsFeature('us-future-2', 1_700_000_900_000), origin);

    expect(real.versions[0].eventId).toBe('forged-event');
    expect(real.versions[0].supersededBy).toBeNull();
    const view = await getHazardEvent(ctx.db, 'forged-event');
    expect(view?.current.id).toBe(real.versions[0].id);
  });

  it('GDACS episodes are versions of one event', async () => {
    const { ctx } = get();
    const first = await ingestDocument(ctx, gdacsFeature(1, 'Green'), origin);
    const second = await ingestDocument(ctx, gdacsFeature(2, 'Orange'), origin);

    expect(second.versions[0].eventId).toBe(first.versions[0].eventId);
    expect(second.versions[0].event.msgType).toBe('update');
    const view = await getHazardEvent(ctx.db, first.versions[0].eventId);
    expect(view?.current.event.severity).toBe('severe');
  });

  it('hooks run once per new version', async () => {
    const { ctx } = get();
    const seen: StoredVersion[] = [];
    const record = async (_ctx: unknown, version: StoredVersion) => void seen.push(version);
    const failing = async () => {
      throw new Error('hook broke');
    };
    onNewVersion.push(failing, record);
    try {
      const bytes = capAlert({ identifier: 'HOOK-1', sent: '2024-08-01T00:00:00Z' });
      const result = await ingestDocument(ctx, bytes, origin);
      await ingestDocument(ctx, bytes, origin);

      expect(seen.map((version) => version.id)).toEqual([result.versions[0].id]);
      expect(await getEventVersion(ctx.db, seen[0].id)).toBeDefined();
    } finally {
      onNewVersion.splice(onNewVersion.indexOf(failing), 2);
    }
  });

  it.skipIf(!fixtures)('merges index entries that share identifier and sent', async () => {
    const { ctx } = get();
    const bytes = readFileSync(join(fixtures!, 'meteoalarm/france_sample.xml'));
    const result = await ingestDocument(ctx, bytes, origin);

    expect(result.versions).toHaveLength(2);
    expect(result.versions.map((version) => version.event.areas.length)).toEqual([6, 6]);
    expect(result.versions[0].event.countries).toEqual(['FR']);
  });
});
