// The audit trail becomes tamper-evident (after AWS CloudTrail's log file validation): each
// event carries its chain (one per gateway spool), a gapless sequence number, the previous
// event's hash and its own, HMAC-SHA256 under the audit key. Rows written before this
// migration keep nulls: unchained. The unique key lets the gateway ship an event again after
// a crash without writing it twice. Frozen: never edit a migration that has shipped.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('audit_events')
    .addColumn('chain_id', 'text')
    .addColumn('seq', 'bigint')
    .addColumn('prev_hash', 'text')
    .addColumn('hash', 'text')
    .execute()
  await sql`alter table audit_events add constraint audit_events_chained_whole
    check ((chain_id is null and seq is null and prev_hash is null and hash is null)
        or (chain_id is not null and seq is not null and prev_hash is not null and hash is not null))`.execute(db)
  await db.schema.createIndex('audit_events_chain_seq_idx').on('audit_events').columns(['chain_id', 'seq']).unique().execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_events_chain_seq_idx').execute()
  await sql`alter table audit_events drop constraint audit_events_chained_whole`.execute(db)
  await db.schema.alterTable('audit_events').dropColumn('hash').dropColumn('prev_hash').dropColumn('seq').dropColumn('chain_id').execute()
}
