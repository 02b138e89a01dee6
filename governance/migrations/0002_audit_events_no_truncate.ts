// The audit trail cannot be truncated either: 0001 refused UPDATE and DELETE row by row,
// TRUNCATE needs a statement-level trigger. Frozen: never edit a migration that has shipped.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_append_only()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger audit_events_no_truncate on audit_events`.execute(db)
}
