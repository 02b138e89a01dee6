// Reading the audit trail, newest first.
import type { Kysely } from 'kysely'
import type { AuditEventRow, GovernanceDatabase } from './audit-event.js'

export interface AuditQuery {
  readonly since: Date
  readonly subject?: string
  readonly limit?: number
}

export function readAuditEvents(db: Kysely<GovernanceDatabase>, query: AuditQuery): Promise<AuditEventRow[]> {
  let select = db.selectFrom('audit_events').selectAll().where('occurred_at', '>=', query.since)
  if (query.subject !== undefined) select = select.where('subject', '=', query.subject)
  return select.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(query.limit ?? 100).execute()
}
