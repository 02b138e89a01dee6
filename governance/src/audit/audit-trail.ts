// The audit trail as the gateway uses it. `record(event)` resolves once the event is durable
// in the gateway's local spool; the shipper sends it on to the governance store behind it.
// `check()` tells, before a request that would be audited executes, whether auditing works:
// strict (the default) refuses such requests while the spool cannot be written or the store
// is unreachable; best-effort answers them anyway, warns once per outage and keeps the events
// in the spool until the store is back.
import { dataDirectory, DataMeshError, ErrorCode, type Logger } from '@datamesh/kit'
import type { Kysely } from 'kysely'
import { join, resolve } from 'node:path'
import type { AuditEvent, GovernanceDatabase } from './audit-event.js'
import { AuditShipper, type AuditShipperOptions } from './audit-shipper.js'
import { AuditSpool } from './audit-spool.js'

export const AUDIT_MODES = ['strict', 'best-effort'] as const
export type AuditMode = (typeof AUDIT_MODES)[number]

export interface AuditTrailOptions {
  /** The governance store, where the shipper inserts. */
  readonly store: Kysely<GovernanceDatabase>
  readonly spoolDirectory: string
  /** The audit key (DATAMESH_AUDIT_KEY) that keys the chain. */
  readonly key: string
  readonly mode?: AuditMode
  readonly logger?: Pick<Logger, 'info' | 'warn' | 'error'>
  readonly segmentBytes?: number
  readonly shipping?: Pick<AuditShipperOptions, 'batchSize' | 'minBackoffMs' | 'maxBackoffMs' | 'attemptTimeoutMs'>
  /** How long `stop()` keeps shipping before it leaves the rest in the spool. */
  readonly stopGraceMs?: number
}

export interface AuditTrail {
  readonly mode: AuditMode
  readonly spool: AuditSpool
  readonly shipper: AuditShipper
  /** Resolves once the event is durable. Strict: rejects with AUDIT_UNAVAILABLE when it could not be written. */
  record(event: AuditEvent): Promise<void>
  /** AUDIT_UNAVAILABLE while auditing is impossible (strict only); undefined when a request may go ahead. */
  check(): DataMeshError | undefined
  /** Ships everything spooled so far; rejects when the store refuses. */
  flush(): Promise<void>
  /** Ships what it can within the grace period, leaves the rest durable in the spool, releases it. */
  stop(): Promise<void>
}

/** DATAMESH_AUDIT_SPOOL, else `audit-spool/` in the data directory. */
export function auditSpoolDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATAMESH_AUDIT_SPOOL) return resolve(env.DATAMESH_AUDIT_SPOOL)
  return join(env.DATAMESH_DATA_DIR ? resolve(env.DATAMESH_DATA_DIR) : dataDirectory(), 'audit-spool')
}

/** DATAMESH_AUDIT: `strict` (default) or `best-effort`. */
export function auditModeOf(env: NodeJS.ProcessEnv = process.env): AuditMode {
  const mode = env.DATAMESH_AUDIT || 'strict'
  if (!(AUDIT_MODES as readonly string[]).includes(mode)) throw new Error(`DATAMESH_AUDIT must be "strict" or "best-effort", got "${mode}"`)
  return mode as AuditMode
}

const SPOOL_DOWN = 'the gateway cannot write its audit spool, so it does not read classified data until it can; retry shortly'
const storeDown = (since: Date) =>
  `the governance store has been unreachable since ${since.toISOString()}, so the gateway does not read classified data until it can audit again; retry shortly`

export async function openAuditTrail(options: AuditTrailOptions): Promise<AuditTrail> {
  const mode = options.mode ?? 'strict'
  const logger = options.logger ?? { info: () => undefined, warn: () => undefined, error: () => undefined }
  const spool = await AuditSpool.open({ directory: options.spoolDirectory, key: options.key, ...(options.segmentBytes ? { segmentBytes: options.segmentBytes } : {}) })
  const consequence = mode === 'strict' ? 'reads of classified data are refused (AUDIT_UNAVAILABLE) until it is back' : 'answering anyway (DATAMESH_AUDIT=best-effort)'
  const shipper = new AuditShipper(spool, options.store, {
    ...options.shipping,
    onOutage: (error) =>
      logger[mode === 'strict' ? 'error' : 'warn']({ reason: (error as Error).message }, `governance store unreachable: ${consequence}; audit events are kept in the spool ${spool.directory}`),
    onRecovery: () => logger.info(`governance store reachable again: shipping the ${shipper.backlog} audit events the spool kept`),
  })
  spool.whenDurable(() => shipper.wake())
  if (shipper.backlog > 0) logger.info(`shipping ${shipper.backlog} audit events left in the spool ${spool.directory} by an earlier run`)
  shipper.wake()

  let spoolFailing = false
  return {
    mode,
    spool,
    shipper,
    async record(event) {
      try {
        await spool.append(event)
      } catch (error) {
        if (!spoolFailing) {
          spoolFailing = true
          logger[mode === 'strict' ? 'error' : 'warn']({ reason: (error as Error).message }, `audit spool ${spool.directory} cannot be written: ${mode === 'strict' ? 'reads of classified data are refused (AUDIT_UNAVAILABLE)' : 'answering anyway, unaudited (DATAMESH_AUDIT=best-effort)'}`)
        }
        if (mode === 'strict') throw new DataMeshError(ErrorCode.AUDIT_UNAVAILABLE, SPOOL_DOWN)
        return
      }
      if (spoolFailing) {
        spoolFailing = false
        logger.info(`audit spool ${spool.directory} is written again`)
      }
    },
    check() {
      if (mode === 'best-effort') return undefined
      if (spool.broken) return new DataMeshError(ErrorCode.AUDIT_UNAVAILABLE, SPOOL_DOWN)
      const outage = shipper.outage
      return outage ? new DataMeshError(ErrorCode.AUDIT_UNAVAILABLE, storeDown(outage.since), { since: outage.since.toISOString() }) : undefined
    },
    flush: () => shipper.flush(),
    async stop() {
      await shipper.stop(options.stopGraceMs ?? 3_000)
      await spool.close()
      if (shipper.backlog > 0) logger.warn(`${shipper.backlog} audit events stay in the spool ${spool.directory}; the next start ships them`)
    },
  }
}
