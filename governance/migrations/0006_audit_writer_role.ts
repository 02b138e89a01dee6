// The services that write the audit trail may only insert: they write through the role
// datamesh_audit_writer (SET LOCAL ROLE inside each transaction), which may INSERT and
// SELECT audit_events and use its id sequence, and nothing else: no UPDATE, DELETE or
// TRUNCATE, and, not being the owner, no ALTER TABLE ... DISABLE TRIGGER. Roles belong to
// the whole server, not one database, so it is created only when missing, tolerating
// another database's migration creating it at the same moment; down leaves it to them.
// Frozen: never edit a migration that has shipped.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // 42710 duplicate_object when it exists; 23505 when two creations race on pg_authid.
  await sql`do $$ begin
    create role datamesh_audit_writer nologin;
  exception when duplicate_object or unique_violation then null;
  end $$`.execute(db)
  // SET ROLE needs membership: implied for a superuser, granted for an owner that is not one.
  await sql`do $$ begin
    execute format('grant datamesh_audit_writer to %I', current_user);
  exception when duplicate_object or unique_violation then null;
  end $$`.execute(db)
  await sql`grant select, insert on audit_events to datamesh_audit_writer`.execute(db)
  await sql`grant usage on sequence audit_events_id_seq to datamesh_audit_writer`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`revoke usage on sequence audit_events_id_seq from datamesh_audit_writer`.execute(db)
  await sql`revoke select, insert on audit_events from datamesh_audit_writer`.execute(db)
}
