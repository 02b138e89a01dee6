// Verifies the audit trail (`datamesh audit verify`): walks every chain in the governance
// store in order and finds the first broken link in each (an event changed after it was
// written, a sequence number missing, a previous hash that is not the previous event's), and,
// given the local spool, the events missing at the end: those the spool says were shipped
// that the store no longer holds. Events written before the chain existed are counted as
// unchained, not broken.
import type { Kysely } from 'kysely'
import type { AuditEventRow, GovernanceDatabase } from './audit-event.js'
import { chainHash, GENESIS_HASH, rowBody, type ChainedEvent, type ChainedEventBody } from './audit-chain.js'
import type { SpoolSnapshot } from './read-spool.js'

const PAGE = 1_000

export interface BrokenLink {
  readonly chain: string
  readonly seq: number
  /** When the event at (or, for a missing one, right after) the broken link occurred. */
  readonly occurredAt: string | undefined
  readonly problem: string
}

export interface AuditVerification {
  readonly chains: number
  /** Chained events in the store. */
  readonly stored: number
  /** Chained events still in the local spool, not yet shipped. */
  readonly pending: number
  readonly unchained: number
  /** Whether the local spool was read, so that events missing at the end could be told. */
  readonly spoolRead: boolean
  /** The first broken link of each broken chain; empty when the trail is intact. */
  readonly broken: readonly BrokenLink[]
}

export interface VerifyOptions {
  readonly key: string
  readonly spool?: SpoolSnapshot | undefined
}

interface Link {
  readonly seq: number
  readonly prev: string
  readonly hash: string
  readonly event: ChainedEventBody
}

/** Checks one link against the one before it; the problem, if any. */
function linkProblem(key: string, chain: string, expected: { seq: number; prev: string }, link: Link, where: string): string | undefined {
  if (link.seq !== expected.seq) {
    return link.seq > expected.seq
      ? `${link.seq - expected.seq === 1 ? `sequence ${expected.seq} is` : `sequences ${expected.seq} to ${link.seq - 1} are`} missing ${where}`
      : `sequence ${link.seq} appears twice ${where}`
  }
  if (link.prev !== expected.prev) return `its previous hash is not the hash of sequence ${expected.seq - 1} ${where}`
  if (chainHash(key, link.prev, chain, link.seq, link.event) !== link.hash) {
    return `the event was changed after it was written ${where} (its hash does not match; or DATAMESH_AUDIT_KEY is not the key the gateway used)`
  }
  return undefined
}

async function* storedLinks(db: Kysely<GovernanceDatabase>, chain: string): AsyncGenerator<Link & { row: AuditEventRow }> {
  let after = 0
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('chain_id', '=', chain).where('seq', '>', after).orderBy('seq').limit(PAGE).execute()
    for (const row of rows) yield { seq: row.seq as number, prev: row.prev_hash as string, hash: row.hash as string, event: rowBody(row), row }
    if (rows.length < PAGE) return
    after = (rows.at(-1) as AuditEventRow).seq as number
  }
}

export async function verifyAuditTrail(db: Kysely<GovernanceDatabase>, options: VerifyOptions): Promise<AuditVerification> {
  const { key, spool } = options
  const { unchained } = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('unchained'))
    .where('chain_id', 'is', null)
    .executeTakeFirstOrThrow()
  const stored = await db.selectFrom('audit_events').select('chain_id').distinct().where('chain_id', 'is not', null).orderBy('chain_id').execute()
  const chains = stored.map((row) => row.chain_id as string)
  if (spool && !chains.includes(spool.chain) && spool.head.seq > 0) chains.push(spool.chain)

  const broken: BrokenLink[] = []
  let storedCount = 0
  let pendingCount = 0
  for (const chain of chains) {
    let expected = { seq: 1, prev: GENESIS_HASH }
    let problem: BrokenLink | undefined
    for await (const link of storedLinks(db, chain)) {
      storedCount++
      if (problem) continue
      const wrong = linkProblem(key, chain, expected, link, 'in the store')
      if (wrong) problem = { chain, seq: Math.min(link.seq, expected.seq), occurredAt: link.event.occurredAt, problem: wrong }
      expected = { seq: link.seq + 1, prev: link.hash }
    }
    if (!problem && spool?.chain === chain) problem = spoolTail(key, spool, expected)
    if (spool?.chain === chain) pendingCount += spool.pending.filter((entry) => entry.seq >= expected.seq).length
    if (problem) broken.push(problem)
  }
  return { chains: chains.length, stored: storedCount, pending: pendingCount, unchained: Number(unchained), spoolRead: spool !== undefined, broken }
}

/** The store must hold everything the spool has shipped; the spool holds the rest, up to its head. */
function spoolTail(key: string, spool: SpoolSnapshot, from: { seq: number; prev: string }): BrokenLink | undefined {
  const pending: ChainedEvent[] = spool.pending.filter((entry) => entry.seq >= from.seq)
  const resumes = pending[0]?.seq ?? spool.head.seq + 1
  if (from.seq < resumes) {
    const last = resumes - 1
    return {
      chain: spool.chain,
      seq: from.seq,
      occurredAt: (spool.events.find((entry) => entry.seq === from.seq) ?? pending[0])?.event.occurredAt ?? spool.head.occurredAt,
      problem: `${last === from.seq ? `sequence ${from.seq} is` : `sequences ${from.seq} to ${last} are`} missing at the end of the store (the spool ${spool.directory} shipped up to ${spool.shipped}, its head is ${spool.head.seq})`,
    }
  }
  let expected = from
  for (const entry of pending) {
    const wrong = linkProblem(key, spool.chain, expected, entry, `in the spool ${spool.directory}`)
    if (wrong) return { chain: spool.chain, seq: Math.min(entry.seq, expected.seq), occurredAt: entry.event.occurredAt, problem: wrong }
    expected = { seq: entry.seq + 1, prev: entry.hash }
  }
  return undefined
}
