import type { Kysely } from 'kysely';
import { timestampColumn } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampColumn(db);

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('parent_alert_id', 'text')
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('version_id', 'text', (col) => col.notNull())
    .addColumn('source_id', 'text', (col) => col.notNull())
    .addColumn('hazard_type', 'text', (col) => col.notNull())
    .addColumn('severity', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('hold_reason', 'text')
    .addColumn('reach', 'text', (col) => col.notNull())
    .addColumn('area_unresolved', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('countries', 'text', (col) => col.notNull())
    .addColumn('area_override', 'text')
    .addColumn('event', 'text', (col) => col.notNull())
    .addColumn('template_code', 'text', (col) => col.notNull())
    .addColumn('variable_overrides', 'text', (col) => col.notNull())
    .addColumn('sms_text', 'text', (col) => col.notNull())
    .addColumn('created_at', ts, (col) => col.notNull())
    .addColumn('decided_at', ts)
    .addColumn('decided_by', 'text')
    .addColumn('send_started_at', ts)
    .addColumn('send_started_scenario_at', ts)
    .addColumn('halted_at', ts)
    .addColumn('completed_at', ts)
    .execute();
  await db.schema
    .createIndex('alerts_version_kind')
    .on('alerts')
    .columns(['version_id', 'kind'])
    .unique()
    .execute();
  await db.schema.createIndex('alerts_event').on('alerts').column('event_id').execute();
  await db.schema.createIndex('alerts_status').on('alerts').column('status').execute();

  await db.schema
    .createTable('alert_targets')
    .addColumn('alert_id', 'text', (col) => col.notNull().references('alerts.id'))
    .addColumn('traveler_id', 'text', (col) => col.notNull())
    .addColumn('stay_id', 'text', (col) => col.notNull())
    .addColumn('place_name', 'text', (col) => col.notNull())
    .addColumn('country', 'text', (col) => col.notNull())
    .addColumn('time_zone', 'text', (col) => col.notNull())
    .addColumn('mission_code', 'text')
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('link_code', 'text', (col) => col.notNull().unique())
    .addColumn('reminded_at', ts)
    .addPrimaryKeyConstraint('alert_targets_pk', ['alert_id', 'traveler_id'])
    .execute();
  await db.schema
    .createIndex('alert_targets_outcome')
    .on('alert_targets')
    .columns(['alert_id', 'outcome'])
    .execute();
  await db.schema
    .createIndex('alert_targets_traveler')
    .on('alert_targets')
    .column('traveler_id')
    .execute();

  await createDeliveries(db, ts);
  await createSupportTables(db, ts);
}

async function createDeliveries(db: Kysely<any>, ts: ReturnType<typeof timestampColumn>) {
  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('alert_id', 'text', (col) => col.notNull().references('alerts.id'))
    .addColumn('traveler_id', 'text', (col) => col.notNull())
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('channel_index', 'integer', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('due_at', ts, (col) => col.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', ts)
    .addColumn('provider_request_id', 'text')
    .addColumn('result_code', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', ts, (col) => col.notNull())
    .addColumn('updated_at', ts, (col) => col.notNull())
    .addColumn('accepted_at', ts)
    .addColumn('final_at', ts)
    .execute();
  // One row per alert, traveler and channel: a retry or a second worker can never add another.
  await db.schema
    .createIndex('deliveries_attempt_key')
    .on('deliveries')
    .columns(['alert_id', 'traveler_id', 'channel'])
    .unique()
    .execute();
  await db.schema
    .createIndex('deliveries_due')
    .on('deliveries')
    .columns(['state', 'due_at'])
    .execute();
  await db.schema
    .createIndex('deliveries_alert_state')
    .on('deliveries')
    .columns(['alert_id', 'state'])
    .execute();
  await db.schema
    .createIndex('deliveries_traveler')
    .on('deliveries')
    .column('traveler_id')
    .execute();
}

async function createSupportTables(db: Kysely<any>, ts: ReturnType<typeof timestampColumn>) {
  await db.schema
    .createTable('check_ins')
    .addColumn('alert_id', 'text', (col) => col.notNull().references('alerts.id'))
    .addColumn('traveler_id', 'text', (col) => col.notNull())
    .addColumn('answer', 'text', (col) => col.notNull())
    .addColumn('via', 'text', (col) => col.notNull())
    .addColumn('answered_at', ts, (col) => col.notNull())
    .addColumn('case_id', 'text')
    .addPrimaryKeyConstraint('check_ins_pk', ['alert_id', 'traveler_id'])
    .execute();
  await db.schema.createIndex('check_ins_traveler').on('check_ins').column('traveler_id').execute();

  // Budgets per time slot shared by every worker: provider send rates and check-in link hits.
  await db.schema
    .createTable('rate_slots')
    .addColumn('bucket', 'text', (col) => col.notNull())
    .addColumn('slot', 'bigint', (col) => col.notNull())
    .addColumn('used', 'integer', (col) => col.notNull())
    .addColumn('last_grant', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('rate_slots_pk', ['bucket', 'slot'])
    .execute();

  await db.schema
    .createTable('alert_keys')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('created_at', ts, (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['alert_keys', 'rate_slots', 'check_ins', 'deliveries', 'alert_targets']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropTable('alerts').execute();
}
