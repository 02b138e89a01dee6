// One entry of the audit trail: who read which classified fields (or was refused which
// fields), for which purpose, through which operation, from where, and what was decided.
import type { Generated, Selectable } from 'kysely'
import type { Effect } from '../policy/decision.js'
import type { Classification } from '../vocabulary.js'

export type AuditOutcome = 'allowed' | 'masked' | 'denied' | 'rejected'

export interface AuditedField {
  readonly coordinate: string
  readonly classification: Classification | undefined
  readonly effect: Effect
  readonly policy?: string
  readonly reason?: string
}

export interface AuditEvent {
  readonly occurredAt: Date
  readonly subject: string | undefined
  readonly roles: readonly string[]
  readonly purpose: string | undefined
  readonly operationName: string | undefined
  readonly operationHash: string
  readonly clientAddress: string | undefined
  readonly outcome: AuditOutcome
  readonly fields: readonly AuditedField[]
}

export interface AuditEventsTable {
  /** bigserial; read back as a number (the kit parses int8 as a number on both engines). */
  id: Generated<number>
  occurred_at: Date
  subject: string | null
  roles: string[]
  purpose: string | null
  operation_name: string | null
  operation_hash: string
  client_address: string | null
  outcome: AuditOutcome
  fields: AuditedField[]
  /** The gateway spool's chain; null on events written before the trail was chained. */
  chain_id: string | null
  /** Gapless within a chain, from 1. */
  seq: number | null
  prev_hash: string | null
  /** HMAC-SHA256 under the audit key over `prev_hash` and the event (audit-chain.ts). */
  hash: string | null
}

export interface RootFieldLatencyTable {
  id: Generated<number>
  window_start: Date
  window_end: Date
  coordinate: string
  samples: number
  p50_ms: number
  p95_ms: number
  p99_ms: number
  max_ms: number
}

/** One quality rule's result in one `datamesh quality` run. */
export interface QualityResultsTable {
  id: Generated<number>
  run_id: string
  product_id: string
  product_version: string
  rule_id: string
  description: string
  /** A library metric (nullValues, ...) or `sql`. */
  metric: string
  severity: 'info' | 'warning' | 'error'
  dimension: string | null
  /** Null when the rule could not run (`error` says why). */
  measured: number | null
  /** rows, percent, or seconds (freshness). */
  unit: string
  /** `mustBe 0`, `maxAge 60d`. */
  expectation: string
  passed: boolean
  error: string | null
  started_at: Date
  finished_at: Date
  duration_ms: number
}

/** One committed `datamesh ingest` of a file into a domain table. */
export interface ProductLoadsTable {
  id: Generated<number>
  /** Null when the table belongs to no data product. */
  product_id: string | null
  domain: string
  table_name: string
  /** The file's name, without its directory. */
  source_file: string
  /** Hex SHA-256 of the file's bytes. */
  source_sha256: string
  source_bytes: number
  mode: 'append' | 'upsert' | 'replace'
  rows_loaded: number
  rows_rejected: number
  started_at: Date
  finished_at: Date
}

export interface GovernanceDatabase {
  audit_events: AuditEventsTable
  root_field_latency: RootFieldLatencyTable
  quality_results: QualityResultsTable
  product_loads: ProductLoadsTable
}

export type AuditEventRow = Selectable<AuditEventsTable>

/** The outcome of a request: the strictest effect on any field it read. */
export function outcomeOf(fields: readonly AuditedField[]): AuditOutcome {
  if (fields.some((field) => field.effect === 'deny')) return 'denied'
  if (fields.some((field) => field.effect === 'mask')) return 'masked'
  return 'allowed'
}
