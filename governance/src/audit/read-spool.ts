// Reading a spool without taking it (`datamesh audit verify`, while the gateway runs or not).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ChainedEvent, ChainHead } from './audit-chain.js'
import { linesOf, listSegments, readShipped } from './spool-files.js'

/** What a spool holds. */
export interface SpoolSnapshot {
  readonly directory: string
  readonly chain: string
  /** The last event written; `occurredAt` is absent when the spool holds none (all shipped, segments gone). */
  readonly head: ChainHead & { readonly occurredAt?: string }
  readonly shipped: number
  /** Every event the spool still holds, in order: the unshipped ones and the newest segment's shipped ones. */
  readonly events: readonly ChainedEvent[]
  /** The events the store has not acknowledged yet, in order. */
  readonly pending: readonly ChainedEvent[]
}

export async function readAuditSpool(directory: string): Promise<SpoolSnapshot | undefined> {
  let chain: string
  try {
    chain = (await readFile(join(directory, 'chain'), 'utf8')).trim()
  } catch {
    return undefined
  }
  const shipped = await readShipped(directory)
  let head: SpoolSnapshot['head'] = { chain, seq: shipped.seq, hash: shipped.hash }
  const events: ChainedEvent[] = []
  for (const segment of await listSegments(directory)) {
    const buffer = await readFile(segment.path).catch(() => Buffer.alloc(0))
    for (const { entry } of linesOf(buffer)) {
      if (!entry || entry.seq <= (events.at(-1)?.seq ?? 0)) continue
      events.push(entry)
      if (entry.seq >= head.seq) head = { chain, seq: entry.seq, hash: entry.hash, occurredAt: entry.event.occurredAt }
    }
  }
  return { directory, chain, head, shipped: shipped.seq, events, pending: events.filter((entry) => entry.seq > shipped.seq) }
}
