// The gateway's audit spool: an append-only journal of chained audit events on local disk,
// so that a read of classified data is answered only once its event is durable. Appends are
// group-committed: the events of concurrent requests are written together and made durable
// with one fdatasync, and each append resolves only after its batch is synced. The chain
// (audit-chain.ts) is extended as events are appended; the shipper reads the durable events
// in order and sends them to the governance store.
//
// On disk, under one directory per gateway: `lock` (the pid of the gateway using it),
// `chain` (this spool's random chain id), `segment-<first seq>.jsonl` (one chained event per
// line; the newest segment always holds the head) and `shipped.json` (the last event the
// store has acknowledged; older segments that are wholly shipped are deleted).
import { mkdir, open, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import type { AuditEvent } from './audit-event.js'
import { linkEvent, type ChainedEvent, type ChainHead } from './audit-chain.js'
import { chainIdOf, linesOf, listSegments, readRange, readShipped, recoverTail, segmentName, syncDirectory, type Segment } from './spool-files.js'
import { releaseLock, takeLock } from './spool-lock.js'

const DEFAULT_SEGMENT_BYTES = 8 * 1024 * 1024
const READ_CHUNK_BYTES = 1024 * 1024

export interface AuditSpoolOptions {
  readonly directory: string
  /** The audit key (DATAMESH_AUDIT_KEY) the chain's HMACs are computed with. */
  readonly key: string
  /** A segment that has grown past this is closed and a new one begun. */
  readonly segmentBytes?: number
}

interface Waiting {
  readonly line: string
  readonly entry: ChainedEvent
  resolve(entry: ChainedEvent): void
  reject(error: unknown): void
}

interface Cursor {
  readonly firstSeq: number
  readonly offset: number
  /** The last sequence number read. */
  readonly seq: number
}

export class AuditSpool {
  readonly directory: string
  readonly chain: string
  readonly #key: string
  readonly #segmentBytes: number
  readonly #segments: Segment[]
  readonly #listeners = new Set<() => void>()
  /** The last durable event. */
  #head: ChainHead
  /** The last event appended, durable or not: the next one links to it. */
  #tip: ChainHead
  #shipped: number
  #handle: FileHandle | undefined
  #waiting: Waiting[] = []
  #draining: Promise<void> | undefined
  #broken: Error | undefined
  #cursor: Cursor | undefined
  #syncs = 0
  #closed = false

  private constructor(directory: string, chain: string, key: string, segmentBytes: number, segments: Segment[], head: ChainHead, shipped: number) {
    this.directory = directory
    this.chain = chain
    this.#key = key
    this.#segmentBytes = segmentBytes
    this.#segments = segments
    this.#head = head
    this.#tip = head
    this.#shipped = shipped
  }

  /** Opens (or creates) a spool and takes its lock; a spool held by a live process is an error. */
  static async open(options: AuditSpoolOptions): Promise<AuditSpool> {
    const { directory } = options
    await mkdir(directory, { recursive: true, mode: 0o700 })
    await takeLock(directory)
    try {
      const chain = await chainIdOf(directory)
      const shipped = await readShipped(directory)
      const segments = await listSegments(directory)
      // The head is the newest event on disk; were the segments lost, the chain still goes on after what was shipped.
      let head: ChainHead = { chain, seq: shipped.seq, hash: shipped.hash }
      while (segments.length) {
        const newest = segments.at(-1) as Segment
        const last = await recoverTail(newest)
        if (last) {
          if (last.seq >= head.seq) head = { chain, seq: last.seq, hash: last.hash }
          break
        }
        await rm(newest.path, { force: true })
        segments.pop()
      }
      for (const segment of segments.slice(0, -1)) segment.bytes = (await stat(segment.path)).size
      return new AuditSpool(directory, chain, options.key, options.segmentBytes ?? DEFAULT_SEGMENT_BYTES, segments, head, shipped.seq)
    } catch (error) {
      await releaseLock(directory)
      throw error
    }
  }

  /** The last durable event's sequence number and hash. */
  get head(): ChainHead {
    return this.#head
  }

  /** The last event the governance store has acknowledged. */
  get shipped(): number {
    return this.#shipped
  }

  /** How many fdatasync calls made appends durable. */
  get syncs(): number {
    return this.#syncs
  }

  /** Why the last write failed, until a write succeeds again. */
  get broken(): Error | undefined {
    return this.#broken
  }

  /** Calls `listener` each time appended events have become durable. */
  whenDurable(listener: () => void): void {
    this.#listeners.add(listener)
  }

  /** Chains the event and resolves once it is durable on disk; rejects when it could not be written. */
  append(event: AuditEvent): Promise<ChainedEvent> {
    if (this.#closed) return Promise.reject(new Error(`the audit spool ${this.directory} is closed`))
    const entry = linkEvent(this.#key, this.#tip, event)
    this.#tip = entry
    return new Promise((resolve, reject) => {
      this.#waiting.push({ line: `${JSON.stringify(entry)}\n`, entry, resolve, reject })
      this.#draining ??= this.#drain()
    })
  }

  async #drain(): Promise<void> {
    // Let the appends of the same turn of the event loop join the first batch.
    await Promise.resolve()
    while (this.#waiting.length) {
      const batch = this.#waiting.splice(0)
      try {
        const segment = await this.#activeSegment()
        const bytes = Buffer.from(batch.map((waiting) => waiting.line).join(''))
        const handle = this.#handle as FileHandle
        for (let written = 0; written < bytes.length; ) written += (await handle.write(bytes, written)).bytesWritten
        await handle.datasync()
        this.#syncs++
        segment.bytes += bytes.length
        const last = (batch.at(-1) as Waiting).entry
        this.#head = { chain: last.chain, seq: last.seq, hash: last.hash }
        this.#broken = undefined
        for (const waiting of batch) waiting.resolve(waiting.entry)
        for (const listener of this.#listeners) listener()
      } catch (error) {
        this.#broken = error as Error
        await this.#handle?.close().catch(() => undefined)
        this.#handle = undefined
        // Nothing after the durable head was acknowledged: those events are refused and the chain resumes from the head.
        const refused = [...batch, ...this.#waiting.splice(0)]
        this.#tip = this.#head
        for (const waiting of refused) waiting.reject(error)
      }
    }
    this.#draining = undefined
  }

  /** The segment the next batch goes to, opened for appending: a new one when there is none or the newest is full. */
  async #activeSegment(): Promise<Segment> {
    let segment = this.#segments.at(-1)
    if (segment && this.#handle && segment.bytes < this.#segmentBytes) return segment
    if (segment && segment.bytes >= this.#segmentBytes) {
      await this.#handle?.close()
      this.#handle = undefined
      segment = undefined
    }
    if (!segment) {
      segment = { firstSeq: this.#head.seq + 1, path: join(this.directory, segmentName(this.#head.seq + 1)), bytes: 0 }
      this.#segments.push(segment)
    }
    this.#handle = await open(segment.path, 'a')
    // After a failed write, whatever part of it reached the file was never acknowledged.
    await this.#handle.truncate(segment.bytes)
    // A new file is durable only once its directory entry is.
    if (segment.bytes === 0) await syncDirectory(this.directory)
    return segment
  }

  /** Up to `limit` durable events after sequence number `after`, in order. */
  async read(after: number, limit: number): Promise<ChainedEvent[]> {
    const events: ChainedEvent[] = []
    let cursor = this.#cursor?.seq === after ? this.#cursor : this.#locate(after)
    while (cursor && events.length < limit) {
      const index = this.#segments.findIndex((segment) => segment.firstSeq === cursor!.firstSeq)
      const segment = this.#segments[index]
      if (!segment) break
      const next = this.#segments[index + 1]
      if (cursor.offset >= segment.bytes) {
        if (!next) break
        cursor = { firstSeq: next.firstSeq, offset: 0, seq: cursor.seq }
        continue
      }
      let to = Math.min(segment.bytes, cursor.offset + READ_CHUNK_BYTES)
      let buffer = await readRange(segment.path, cursor.offset, to)
      if (!buffer.includes(10)) buffer = await readRange(segment.path, cursor.offset, (to = segment.bytes))
      let { offset, seq } = cursor
      for (const line of linesOf(buffer)) {
        if (events.length >= limit) break
        if (line.entry && line.entry.seq > seq) {
          events.push(line.entry)
          seq = line.entry.seq
        }
        offset = cursor.offset + line.end
      }
      cursor = { firstSeq: segment.firstSeq, offset, seq }
    }
    this.#cursor = cursor
    return events
  }

  #locate(after: number): Cursor | undefined {
    const segment = this.#segments.findLast((candidate) => candidate.firstSeq <= after + 1) ?? this.#segments[0]
    return segment ? { firstSeq: segment.firstSeq, offset: 0, seq: after } : undefined
  }

  /** Records that the store holds every event up to `entry`, and deletes the segments it made redundant. */
  async markShipped(entry: ChainedEvent): Promise<void> {
    const path = join(this.directory, 'shipped.json')
    await writeFile(`${path}.tmp`, JSON.stringify({ seq: entry.seq, hash: entry.hash }))
    await rename(`${path}.tmp`, path)
    this.#shipped = entry.seq
    // The newest segment stays, even when shipped: it holds the head the chain goes on from.
    while (this.#segments.length > 1 && (this.#segments[1] as Segment).firstSeq - 1 <= entry.seq) {
      await rm((this.#segments.shift() as Segment).path, { force: true })
    }
  }

  /** Waits for the writes in flight, then releases the lock. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    while (this.#draining) await this.#draining
    await this.#handle?.close().catch(() => undefined)
    this.#handle = undefined
    await releaseLock(this.directory)
  }
}
