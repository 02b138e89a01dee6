// Sends the spool's durable events, in order, to the governance store's audit_events, and
// retries with backoff while the store is unreachable. Each event has a unique key (its chain
// and sequence number), so an event sent again after a crash between the insert and the
// spool's bookkeeping is not written twice. The insert runs as the insert-only writer role
// (migration 0006), set for its transaction only: the embedded store's socket multiplexes
// every client onto one session, where a session-level SET ROLE would leak to the others.
import { sql, type Kysely } from 'kysely'
import type { GovernanceDatabase } from './audit-event.js'
import type { ChainedEvent } from './audit-chain.js'
import type { AuditSpool } from './audit-spool.js'

export const AUDIT_WRITER_ROLE = 'datamesh_audit_writer'

export interface AuditShipperOptions {
  /** Events per insert. */
  readonly batchSize?: number
  readonly minBackoffMs?: number
  readonly maxBackoffMs?: number
  /** An insert unanswered this long counts as a failure (a store that hangs rather than refuses); it may still succeed later. */
  readonly attemptTimeoutMs?: number
  /** The first failure of an outage. */
  readonly onOutage?: (error: unknown) => void
  /** The first success after an outage. */
  readonly onRecovery?: () => void
}

export interface ShipperOutage {
  readonly since: Date
  readonly error: unknown
}

/** Inserts chained events as the writer role; an event already in the store is left as it is. */
export async function insertChainedEvents(db: Kysely<GovernanceDatabase>, events: readonly ChainedEvent[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`set local role ${sql.raw(AUDIT_WRITER_ROLE)}`.execute(tx)
    await tx
      .insertInto('audit_events')
      .values(
        events.map(({ chain, seq, prev, hash, event }) => ({
          occurred_at: new Date(event.occurredAt),
          subject: event.subject,
          roles: [...event.roles],
          purpose: event.purpose,
          operation_name: event.operationName,
          operation_hash: event.operationHash,
          client_address: event.clientAddress,
          outcome: event.outcome,
          fields: JSON.stringify(event.fields) as never,
          chain_id: chain,
          seq,
          prev_hash: prev,
          hash,
        })),
      )
      .onConflict((conflict) => conflict.columns(['chain_id', 'seq']).doNothing())
      .execute()
  })
}

export class AuditShipper {
  readonly #spool: AuditSpool
  readonly #db: Kysely<GovernanceDatabase>
  readonly #batchSize: number
  readonly #minBackoffMs: number
  readonly #maxBackoffMs: number
  readonly #attemptTimeoutMs: number
  readonly #onOutage: (error: unknown) => void
  readonly #onRecovery: () => void
  #outage: ShipperOutage | undefined
  /** One batch at a time, whoever asks: the loop, flush or stop. */
  #shipping: Promise<void> = Promise.resolve()
  #running: Promise<void> | undefined
  /** Events became durable while a run was under way: run again after it. */
  #again = false
  #backoff: { wake: () => void } | undefined
  #stopped = false

  constructor(spool: AuditSpool, db: Kysely<GovernanceDatabase>, options: AuditShipperOptions = {}) {
    this.#spool = spool
    this.#db = db
    this.#batchSize = options.batchSize ?? 500
    this.#minBackoffMs = options.minBackoffMs ?? 100
    this.#maxBackoffMs = options.maxBackoffMs ?? 2_000
    this.#attemptTimeoutMs = options.attemptTimeoutMs ?? 5_000
    this.#onOutage = options.onOutage ?? (() => undefined)
    this.#onRecovery = options.onRecovery ?? (() => undefined)
  }

  /** Set while the last attempt failed and none has succeeded since. */
  get outage(): ShipperOutage | undefined {
    return this.#outage
  }

  /** Events durable in the spool and not yet in the store. */
  get backlog(): number {
    return this.#spool.head.seq - this.#spool.shipped
  }

  /** Starts shipping what the spool holds, unless already under way. */
  wake(): void {
    if (this.#stopped) return
    if (this.#running) {
      this.#again = true
      return
    }
    this.#running = this.#run().finally(() => {
      this.#running = undefined
      if (this.#again) {
        this.#again = false
        this.wake()
      }
    })
  }

  async #run(): Promise<void> {
    let backoffMs = this.#minBackoffMs
    while (!this.#stopped) {
      this.#again = false
      try {
        if ((await this.#shipBatch()) === 0) return
        backoffMs = this.#minBackoffMs
      } catch {
        await this.#sleep(backoffMs)
        backoffMs = Math.min(backoffMs * 2, this.#maxBackoffMs)
      }
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        this.#backoff = undefined
        resolve()
      }
      const timer = setTimeout(wake, ms)
      this.#backoff = { wake }
    })
  }

  /** Sends the next batch and resolves with its size (0: nothing to send); records an outage when it fails, its end when it succeeds. */
  #shipBatch(): Promise<number> {
    const attempt = this.#shipping.then(async () => {
      const events = await this.#spool.read(this.#spool.shipped, this.#batchSize)
      if (events.length === 0) return 0
      const unanswered = setTimeout(() => this.#failed(new Error(`the governance store has not answered an insert for ${this.#attemptTimeoutMs} ms`)), this.#attemptTimeoutMs)
      try {
        await insertChainedEvents(this.#db, events)
      } catch (error) {
        this.#failed(error)
        throw error
      } finally {
        clearTimeout(unanswered)
      }
      await this.#spool.markShipped(events.at(-1) as ChainedEvent)
      if (this.#outage) {
        this.#outage = undefined
        this.#onRecovery()
      }
      return events.length
    })
    this.#shipping = attempt.then(
      () => undefined,
      () => undefined,
    )
    return attempt
  }

  #failed(error: unknown): void {
    const first = !this.#outage
    this.#outage = { since: this.#outage?.since ?? new Date(), error }
    if (first) this.#onOutage(error)
  }

  /** Ships everything durable now; rejects with the store's error when an attempt fails. */
  async flush(): Promise<void> {
    const target = this.#spool.head.seq
    while (this.#spool.shipped < target) {
      // Nothing to read: the loop shipped it meanwhile, or the spool lost it.
      if ((await this.#shipBatch()) === 0 && this.#spool.shipped < target) {
        throw new Error(`the audit spool ${this.#spool.directory} holds no readable event after sequence ${this.#spool.shipped}`)
      }
    }
  }

  /** Ships what it can within `graceMs`, then stops; what is left stays in the spool for the next start. */
  async stop(graceMs: number): Promise<void> {
    this.#stopped = true
    this.#backoff?.wake()
    const deadline = Date.now() + graceMs
    const shipping = (async () => {
      await this.#running
      let backoffMs = this.#minBackoffMs
      while (this.backlog > 0 && Date.now() < deadline) {
        try {
          if ((await this.#shipBatch()) === 0) return
        } catch {
          await new Promise((resolve) => setTimeout(resolve, Math.min(backoffMs, Math.max(0, deadline - Date.now()))))
          backoffMs = Math.min(backoffMs * 2, this.#maxBackoffMs)
        }
      }
    })()
    // A store that hangs instead of refusing must not hold the stop past its grace.
    let timer: NodeJS.Timeout | undefined
    await Promise.race([shipping, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))])
    clearTimeout(timer)
  }
}
