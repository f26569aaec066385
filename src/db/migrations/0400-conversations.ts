import type { Kysely } from 'kysely';
import { timestampColumn } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampColumn(db);

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('user_key', 'text', (col) => col.notNull())
    .addColumn('plusfriend_user_key', 'text')
    .addColumn('traveler_id', 'text')
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('flow', 'text')
    .addColumn('flow_step', 'text')
    .addColumn('flow_data', 'text')
    .addColumn('priority', 'text')
    .addColumn('handoff_reason', 'text')
    .addColumn('agent_id', 'text')
    .addColumn('case_id', 'text')
    .addColumn('created_at', ts, (col) => col.notNull())
    .addColumn('updated_at', ts, (col) => col.notNull())
    .addColumn('last_message_at', ts, (col) => col.notNull())
    .addColumn('handed_off_at', ts)
    .addColumn('assigned_at', ts)
    .addUniqueConstraint('conversations_channel_user', ['channel', 'user_key'])
    .execute();
  await db.schema
    .createIndex('conversations_queue')
    .on('conversations')
    .columns(['status', 'handed_off_at'])
    .execute();
  await db.schema
    .createIndex('conversations_traveler')
    .on('conversations')
    .column('traveler_id')
    .execute();

  await db.schema
    .createTable('chat_messages')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('conversation_id', 'text', (col) =>
      col.notNull().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('author', 'text', (col) => col.notNull())
    .addColumn('agent_id', 'text')
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('payload', 'text')
    .addColumn('created_at', ts, (col) => col.notNull())
    .addColumn('delivered_at', ts)
    .execute();
  await db.schema
    .createIndex('chat_messages_conversation')
    .on('chat_messages')
    .columns(['conversation_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('chat_messages').execute();
  await db.schema.dropTable('conversations').execute();
}
