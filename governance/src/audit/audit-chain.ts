// The audit trail's hash chain, after AWS CloudTrail's log file validation: each event is
// linked to the one before it by hash = HMAC-SHA256(audit key, previous hash + a canonical
// serialisation of the event, its chain and sequence number included). Changing, removing
// or reordering an event breaks every link after it, and nobody without the key can forge
// new links.
import { createHmac } from 'node:crypto'
import type { AuditEvent, AuditEventRow, AuditedField, AuditOutcome } from './audit-event.js'

/** The previous hash of a chain's first event. */
export const GENESIS_HASH = '0'.repeat(64)

/** An event as the spool keeps it and the chain hashes it: JSON values only, absences as null. */
export interface ChainedEventBody {
  readonly occurredAt: string
  readonly subject: string | null
  readonly roles: readonly string[]
  readonly purpose: string | null
  readonly operationName: string | null
  readonly operationHash: string
  readonly clientAddress: string | null
  readonly outcome: AuditOutcome
  readonly fields: readonly AuditedField[]
}

export interface ChainedEvent {
  readonly chain: string
  readonly seq: number
  readonly prev: string
  readonly hash: string
  readonly event: ChainedEventBody
}

/** Where a chain ends: its last sequence number and hash (0 and GENESIS_HASH when empty). */
export interface ChainHead {
  readonly chain: string
  readonly seq: number
  readonly hash: string
}

export function eventBody(event: AuditEvent): ChainedEventBody {
  return {
    occurredAt: event.occurredAt.toISOString(),
    subject: event.subject ?? null,
    roles: [...event.roles],
    purpose: event.purpose ?? null,
    operationName: event.operationName ?? null,
    operationHash: event.operationHash,
    clientAddress: event.clientAddress ?? null,
    outcome: event.outcome,
    fields: event.fields,
  }
}

export function rowBody(row: AuditEventRow): ChainedEventBody {
  return {
    occurredAt: row.occurred_at.toISOString(),
    subject: row.subject,
    roles: row.roles,
    purpose: row.purpose,
    operationName: row.operation_name,
    operationHash: row.operation_hash,
    clientAddress: row.client_address,
    outcome: row.outcome,
    fields: row.fields,
  }
}

/** JSON with object keys sorted and undefined members left out, so jsonb's reordering cannot change it. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${members.map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export function chainHash(key: string, prev: string, chain: string, seq: number, event: ChainedEventBody): string {
  return createHmac('sha256', key)
    .update(prev)
    .update('\n')
    .update(canonicalJson({ chain, seq, event }))
    .digest('hex')
}

/** The event after `head` in its chain. */
export function linkEvent(key: string, head: ChainHead, event: AuditEvent): ChainedEvent {
  const body = eventBody(event)
  const seq = head.seq + 1
  return { chain: head.chain, seq, prev: head.hash, hash: chainHash(key, head.hash, head.chain, seq, body), event: body }
}
