// The append-only audit trail. Frozen: never edit a migration that has shipped.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('occurred_at', 'timestamptz', (col) => col.notNull())
    .addColumn('subject', 'text')
    .addColumn('roles', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('purpose', 'text')
    .addColumn('operation_name', 'text')
    .addColumn('operation_hash', 'text', (col) => col.notNull())
    .addColumn('client_address', 'text')
    .addColumn('outcome', 'text', (col) => col.notNull().check(sql`outcome in ('allowed', 'masked', 'denied', 'rejected')`))
    .addColumn('fields', 'jsonb', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('audit_events_occurred_at_idx').on('audit_events').column('occurred_at').execute()
  await db.schema.createIndex('audit_events_subject_idx').on('audit_events').columns(['subject', 'occurred_at']).execute()
  // Append-only: the trail cannot be edited or deleted through SQL, only appended to.
  await sql`create function audit_events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'the audit trail is append-only'; end $$`.execute(db)
  await sql`create trigger audit_events_no_change before update or delete on audit_events
    for each row execute function audit_events_append_only()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_events').execute()
  await sql`drop function audit_events_append_only()`.execute(db)
}
