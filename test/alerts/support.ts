import type { AppContext } from '../../src/context.js';
import { newId } from '../../src/ids.js';
import type { AlertTable } from '../../src/alerts/alerts.tables.js';

/** Inserts a bare alert row in `sending`, for tests of the outbox below the lifecycle. */
export async function insertTestAlert(ctx: AppContext, overrides: Partial<AlertTable> = {}) {
  const now = new Date().toISOString();
  const row: AlertTable = {
    id: newId(),
    kind: 'alert',
    parent_alert_id: null,
    event_id: newId(),
    version_id: newId(),
    source_id: 'test-source',
    hazard_type: 'earthquake',
    severity: 'severe',
    status: 'sending',
    hold_reason: null,
    reach: 'all',
    area_unresolved: 0,
    countries: '["JP"]',
    area_override: null,
    event: JSON.stringify({ sent: now, areas: [], countries: ['JP'], hazardType: 'earthquake' }),
    template_code: 'ABR_QUAKE_V1',
    variable_overrides: '{}',
    sms_text: '[외교부] #{area} 지진. 응답: #{link}',
    created_at: now,
    decided_at: now,
    decided_by: 'test',
    send_started_at: now,
    send_started_scenario_at: now,
    halted_at: null,
    completed_at: null,
    ...overrides,
  };
  await ctx.db.insertInto('alerts').values(row).execute();
  return row;
}
