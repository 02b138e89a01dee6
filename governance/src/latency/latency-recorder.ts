// The gateway's own latency measurements per root field: durations are collected in memory
// for one-minute windows, and each closed window is written to the governance store as
// percentiles (p50, p95, p99, max), off the request path. The data product catalog judges
// latency SLAs from them.
import type { Kysely } from 'kysely'
import type { GovernanceDatabase } from '../audit/audit-event.js'

const MAX_SAMPLES_PER_WINDOW = 10_000

export interface LatencyRecorderOptions {
  readonly windowMs?: number
  readonly onError?: (error: unknown) => void
  readonly now?: () => number
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, index)] as number
}

export class LatencyRecorder {
  readonly #db: Kysely<GovernanceDatabase>
  readonly #windowMs: number
  readonly #onError: (error: unknown) => void
  readonly #now: () => number
  readonly #timer: NodeJS.Timeout
  #windowStart: number
  #samples = new Map<string, number[]>()
  #seen = new Map<string, number>()
  #writing: Promise<void> = Promise.resolve()

  constructor(db: Kysely<GovernanceDatabase>, options: LatencyRecorderOptions = {}) {
    this.#db = db
    this.#windowMs = options.windowMs ?? 60_000
    this.#onError = options.onError ?? (() => undefined)
    this.#now = options.now ?? Date.now
    this.#windowStart = this.#now()
    this.#timer = setInterval(() => void this.flush().catch(this.#onError), this.#windowMs)
    this.#timer.unref()
  }

  /** One operation's duration, attributed to each root field it asked for. */
  record(rootFields: Iterable<string>, milliseconds: number): void {
    for (const coordinate of rootFields) {
      let samples = this.#samples.get(coordinate)
      if (!samples) this.#samples.set(coordinate, (samples = []))
      const seen = (this.#seen.get(coordinate) ?? 0) + 1
      this.#seen.set(coordinate, seen)
      // Past the cap, keep a uniform sample of the window (reservoir sampling).
      if (samples.length < MAX_SAMPLES_PER_WINDOW) samples.push(milliseconds)
      else {
        const slot = Math.floor(Math.random() * seen)
        if (slot < MAX_SAMPLES_PER_WINDOW) samples[slot] = milliseconds
      }
    }
  }

  /** Closes the current window and writes it. */
  async flush(): Promise<void> {
    const start = this.#windowStart
    const end = this.#now()
    const samples = this.#samples
    const seen = this.#seen
    this.#windowStart = end
    this.#samples = new Map()
    this.#seen = new Map()
    if (samples.size === 0) return
    const rows = [...samples].map(([coordinate, values]) => {
      const sorted = [...values].sort((a, b) => a - b)
      return {
        window_start: new Date(start),
        window_end: new Date(end),
        coordinate,
        samples: seen.get(coordinate) ?? values.length,
        p50_ms: percentile(sorted, 50),
        p95_ms: percentile(sorted, 95),
        p99_ms: percentile(sorted, 99),
        max_ms: sorted.at(-1) as number,
      }
    })
    this.#writing = this.#writing.then(() => this.#db.insertInto('root_field_latency').values(rows).execute().then(() => undefined))
    await this.#writing
  }

  async close(): Promise<void> {
    clearInterval(this.#timer)
    await this.flush()
  }
}
