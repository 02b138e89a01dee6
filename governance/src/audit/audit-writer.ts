// Writes audit events off the request path: events queue in memory and are inserted in
// batches (every `intervalMs`, or sooner when `batchSize` are waiting). A failed write
// keeps its events queued for the next attempt; `close()` writes everything still queued,
// so a clean stop loses nothing.
import type { Kysely } from 'kysely'
import type { AuditEvent, GovernanceDatabase } from './audit-event.js'

export interface AuditWriterOptions {
  readonly intervalMs?: number
  readonly batchSize?: number
  readonly onError?: (error: unknown) => void
}

export class AuditWriter {
  readonly #db: Kysely<GovernanceDatabase>
  readonly #batchSize: number
  readonly #onError: (error: unknown) => void
  readonly #timer: NodeJS.Timeout
  #queue: AuditEvent[] = []
  #flushing: Promise<void> | undefined
  #written = 0

  constructor(db: Kysely<GovernanceDatabase>, options: AuditWriterOptions = {}) {
    this.#db = db
    this.#batchSize = options.batchSize ?? 500
    this.#onError = options.onError ?? (() => undefined)
    this.#timer = setInterval(() => void this.flush().catch(this.#onError), options.intervalMs ?? 1_000)
    this.#timer.unref()
  }

  /** Events accepted but not yet written. */
  get pending(): number {
    return this.#queue.length
  }

  get written(): number {
    return this.#written
  }

  record(event: AuditEvent): void {
    this.#queue.push(event)
    if (this.#queue.length >= this.#batchSize && !this.#flushing) void this.flush().catch(this.#onError)
  }

  /** Writes every queued event; resolves once they are in the store. */
  async flush(): Promise<void> {
    while (this.#flushing) await this.#flushing
    if (this.#queue.length === 0) return
    const batch = this.#queue
    this.#queue = []
    this.#flushing = this.#write(batch).finally(() => (this.#flushing = undefined))
    await this.#flushing
  }

  async #write(batch: readonly AuditEvent[]): Promise<void> {
    let remaining = batch
    try {
      while (remaining.length) {
        const slice = remaining.slice(0, this.#batchSize)
        await this.#db
          .insertInto('audit_events')
          .values(
            slice.map((event) => ({
              occurred_at: event.occurredAt,
              subject: event.subject ?? null,
              roles: [...event.roles],
              purpose: event.purpose ?? null,
              operation_name: event.operationName ?? null,
              operation_hash: event.operationHash,
              client_address: event.clientAddress ?? null,
              outcome: event.outcome,
              fields: JSON.stringify(event.fields) as never,
            })),
          )
          .execute()
        this.#written += slice.length
        remaining = remaining.slice(slice.length)
      }
    } catch (error) {
      // What was not written goes back in front, in order, for the next attempt.
      this.#queue = [...remaining, ...this.#queue]
      throw error
    }
  }

  /** Stops the timer and writes everything still queued. */
  async close(): Promise<void> {
    clearInterval(this.#timer)
    await this.flush()
  }
}
