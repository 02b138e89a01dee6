import { migrateToLatest, migrationStatus, type DomainDatabase } from '@datamesh/kit'
import { testDatabase, type TestDatabase } from '@datamesh/kit/testing'
import { sql, type Kysely } from 'kysely'
import { spawnSync } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { chainHash, GENESIS_HASH } from '../src/audit/audit-chain.js'
import { AuditSpool } from '../src/audit/audit-spool.js'
import {
  AUDIT_WRITER_ROLE,
  governanceMigrations,
  openAuditTrail,
  openGovernanceStore,
  outcomeOf,
  readAuditEvents,
  readAuditSpool,
  verifyAuditTrail,
  type AuditEvent,
  type AuditedField,
  type AuditTrail,
  type AuditTrailOptions,
  type GovernanceDatabase,
} from '../src/index.js'

let database: TestDatabase
let store: DomainDatabase<GovernanceDatabase>

beforeAll(async () => {
  database = testDatabase('governance')
  store = await openGovernanceStore(database.options)
})

const KEY = randomBytes(32).toString('base64url')
const EPOCH = new Date(0)
/** A subject name no other test uses, so each test reads only its own events. */
const someone = () => `subject-${randomUUID()}`

const directories: string[] = []
const spoolDirectory = () => {
  const directory = mkdtempSync(join(tmpdir(), 'datamesh-spool-test-'))
  directories.push(directory)
  return directory
}
const trails: AuditTrail[] = []
/** A trail over the test store with a spool of its own; stopped after the tests. */
const trail = async (options: Partial<AuditTrailOptions> = {}) => {
  const opened = await openAuditTrail({ store: store.db, spoolDirectory: spoolDirectory(), key: KEY, shipping: { minBackoffMs: 10, maxBackoffMs: 50 }, stopGraceMs: 200, ...options })
  trails.push(opened)
  return opened
}

afterAll(async () => {
  for (const opened of trails) await opened.stop().catch(() => undefined)
  for (const directory of directories) rmSync(directory, { recursive: true, force: true })
  await store?.close()
  await database?.drop()
})

const EMAIL: AuditedField = { coordinate: 'Customer.email', classification: 'pii', effect: 'mask', policy: 'global.pii-protection', reason: 'personal data needs scope customers:pii:read' }

function event(subject: string | undefined, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    occurredAt: new Date('2026-03-14T09:26:53.000Z'),
    subject,
    roles: ['analyst'],
    purpose: 'analytics',
    operationName: 'CustomerEmails',
    operationHash: 'a1b2c3',
    clientAddress: '127.0.0.1',
    outcome: 'masked',
    fields: [EMAIL],
    ...overrides,
  }
}

const operationsOf = async (subject: string) => (await readAuditEvents(store.db, { since: EPOCH, subject })).map((row) => row.operation_name)
const rowsOf = (chain: string) => store.db.selectFrom('audit_events').selectAll().where('chain_id', '=', chain).orderBy('seq').execute()

/** The store refuses every insert until `restore` (the table is gone, as far as the shipper can tell). */
async function breakStore(): Promise<{ restore: () => Promise<void> }> {
  await sql`alter table audit_events rename to audit_events_away`.execute(store.db)
  return { restore: async () => void (await sql`alter table audit_events_away rename to audit_events`.execute(store.db)) }
}

/** What only the table's owner can do, and what the trail must survive: rewriting rows past the triggers. */
async function tamper(statement: ReturnType<typeof sql>): Promise<void> {
  await sql`alter table audit_events disable trigger user`.execute(store.db)
  try {
    await statement.execute(store.db)
  } finally {
    await sql`alter table audit_events enable trigger user`.execute(store.db)
  }
}

describe('the governance store', () => {
  it('is migrated when opened: the audit table exists and no migration is pending', async () => {
    expect(await migrationStatus(store.db, governanceMigrations)).toEqual({
      applied: [
        '0001_create_audit_events',
        '0002_audit_events_no_truncate',
        '0003_create_root_field_latency',
        '0004_create_quality_results',
        '0005_chain_audit_events',
        '0006_audit_writer_role',
        '0007_create_product_loads',
      ],
      pending: [],
    })
    expect(await migrateToLatest(store.db, governanceMigrations)).toEqual([])
    expect(await readAuditEvents(store.db, { since: EPOCH, subject: someone() })).toEqual([])
  })
})

describe('the audit spool', () => {
  it('group-commits concurrent appends: fewer syncs than events, each resolved only after its batch was synced', async () => {
    const spool = await AuditSpool.open({ directory: spoolDirectory(), key: KEY })
    try {
      const subject = someone()
      const durableWhenResolved: boolean[] = []
      await Promise.all(
        Array.from({ length: 50 }, () => spool.append(event(subject)).then((entry) => durableWhenResolved.push(spool.head.seq >= entry.seq && spool.syncs > 0))),
      )
      expect(durableWhenResolved).toEqual(Array.from({ length: 50 }, () => true))
      expect(spool.syncs).toBeLessThan(50)
      expect(spool.syncs).toBe(1)
      expect(spool.head.seq).toBe(50)
    } finally {
      await spool.close()
    }
  })

  it('chains each event to the one before it: gapless sequence numbers from 1, HMAC over the previous hash and the event', async () => {
    const directory = spoolDirectory()
    const spool = await AuditSpool.open({ directory, key: KEY })
    try {
      const entries = []
      for (let index = 0; index < 3; index++) entries.push(await spool.append(event(someone(), { operationName: `op-${index}` })))
      expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3])
      expect(entries.map((entry) => entry.prev)).toEqual([GENESIS_HASH, entries[0]!.hash, entries[1]!.hash])
      for (const entry of entries) expect(entry.hash).toBe(chainHash(KEY, entry.prev, spool.chain, entry.seq, entry.event))
      expect(new Set(entries.map((entry) => entry.chain))).toEqual(new Set([spool.chain]))
      expect(readFileSync(join(directory, 'chain'), 'utf8')).toBe(spool.chain)
    } finally {
      await spool.close()
    }
  })

  it('goes on from its head after a crash: a torn last line, never acknowledged, is cut off', async () => {
    const directory = spoolDirectory()
    let spool = await AuditSpool.open({ directory, key: KEY })
    const third = (await Promise.all([1, 2, 3].map(() => spool.append(event(someone())))))[2]!
    await spool.close()
    const [segment] = readdirSync(directory).filter((name) => name.startsWith('segment-'))
    appendFileSync(join(directory, segment!), '{"chain":"half-writ')

    spool = await AuditSpool.open({ directory, key: KEY })
    try {
      expect(spool.head).toEqual({ chain: third.chain, seq: 3, hash: third.hash })
      const fourth = await spool.append(event(someone()))
      expect(fourth).toMatchObject({ seq: 4, prev: third.hash, chain: third.chain })
      expect(readFileSync(join(directory, segment!), 'utf8').split('\n')).toHaveLength(5)
    } finally {
      await spool.close()
    }
  })

  it('serves one gateway at a time: a live holder is an error, a dead holder\'s lock is taken over', async () => {
    const directory = spoolDirectory()
    const first = await AuditSpool.open({ directory, key: KEY })
    await expect(AuditSpool.open({ directory, key: KEY })).rejects.toThrow(`the audit spool ${directory} is in use by process ${process.pid}`)
    await first.close()

    const dead = spawnSync('true').pid
    writeFileSync(join(directory, 'lock'), `${dead}\n`)
    const second = await AuditSpool.open({ directory, key: KEY })
    expect(readFileSync(join(directory, 'lock'), 'utf8').trim()).toBe(String(process.pid))
    await second.close()
  })
})

describe('the audit trail', () => {
  it('ships every recorded event to the store, chained, in order', async () => {
    const audit = await trail()
    const subject = someone()
    for (let minute = 0; minute < 5; minute++) await audit.record(event(subject, { occurredAt: new Date(Date.UTC(2026, 2, 14, 9, minute)), operationName: `op-${minute}` }))
    await audit.flush()
    expect(await operationsOf(subject)).toEqual(['op-4', 'op-3', 'op-2', 'op-1', 'op-0'])
    const rows = await rowsOf(audit.spool.chain)
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5])
    expect(rows.map((row) => row.prev_hash)).toEqual([GENESIS_HASH, ...rows.slice(0, -1).map((row) => row.hash)])
  })

  it('stores each event as it was recorded', async () => {
    const audit = await trail()
    const subject = someone()
    const occurredAt = new Date('2026-03-14T09:26:53.123Z')
    await audit.record(event(subject, { occurredAt, roles: ['analyst', 'staff'] }))
    await audit.flush()
    const [row] = await readAuditEvents(store.db, { since: EPOCH, subject })
    expect(row).toEqual({
      id: expect.any(Number),
      occurred_at: occurredAt,
      subject,
      roles: ['analyst', 'staff'],
      purpose: 'analytics',
      operation_name: 'CustomerEmails',
      operation_hash: 'a1b2c3',
      client_address: '127.0.0.1',
      outcome: 'masked',
      fields: [EMAIL],
      chain_id: audit.spool.chain,
      seq: 1,
      prev_hash: GENESIS_HASH,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
  })

  it('stores what an anonymous request left out as null', async () => {
    const audit = await trail()
    const marker = `hash-${randomUUID()}`
    const fields: AuditedField[] = [{ coordinate: 'Contract.terms', classification: 'confidential', effect: 'deny' }]
    await audit.record({ ...event(undefined), roles: [], purpose: undefined, operationName: undefined, clientAddress: undefined, operationHash: marker, outcome: outcomeOf(fields), fields })
    await audit.flush()
    const rows = (await readAuditEvents(store.db, { since: EPOCH, limit: 1000 })).filter((row) => row.operation_hash === marker)
    expect(rows).toEqual([
      expect.objectContaining({ subject: null, roles: [], purpose: null, operation_name: null, client_address: null, outcome: 'denied', fields }),
    ])
  })

  it('ships on its own once events are durable, in inserts of at most batchSize events', async () => {
    const audit = await trail({ shipping: { batchSize: 4 } })
    const subject = someone()
    const inserts: string[] = []
    const stopWatching = store.statements.watch((statement) => {
      if (statement.startsWith('insert into "audit_events"')) inserts.push(statement)
    })
    try {
      // One turn of the event loop: one batch in the spool, shipped as 4 + 4 + 2.
      await Promise.all(Array.from({ length: 10 }, () => audit.record(event(subject))))
      await vi.waitFor(() => expect(audit.spool.shipped).toBe(10), { timeout: 10_000, interval: 20 })
    } finally {
      stopWatching()
    }
    expect(inserts).toHaveLength(3)
    expect(await operationsOf(subject)).toHaveLength(10)
  })

  it('deletes spool segments once the store has all their events, keeping the newest', async () => {
    const audit = await trail({ segmentBytes: 1 })
    for (let index = 0; index < 4; index++) await audit.record(event(someone()))
    await audit.flush()
    expect(readdirSync(audit.spool.directory).filter((name) => name.startsWith('segment-'))).toEqual(['segment-000000000004.jsonl'])
  })

  it('keeps what the store did not take durable in the spool when stopped, and ships it on the next start', async () => {
    const directory = spoolDirectory()
    const subject = someone()
    const broken = await breakStore()
    let chain: string
    try {
      const first = await openAuditTrail({ store: store.db, spoolDirectory: directory, key: KEY, stopGraceMs: 100 })
      chain = first.spool.chain
      for (const name of ['a', 'b', 'c']) await first.record(event(subject, { operationName: name }))
      await first.stop()
      expect(first.shipper.backlog).toBe(3)
    } finally {
      await broken.restore()
    }
    expect((await readAuditSpool(directory))?.pending.map((entry) => entry.event.operationName)).toEqual(['a', 'b', 'c'])

    const second = await trail({ spoolDirectory: directory })
    await vi.waitFor(() => expect(second.shipper.backlog).toBe(0), { timeout: 10_000, interval: 20 })
    expect(second.spool.chain).toBe(chain)
    expect(await operationsOf(subject)).toEqual(['c', 'b', 'a'])
  })

  it('never writes an event twice: a crash between the insert and the bookkeeping ships it again harmlessly', async () => {
    const directory = spoolDirectory()
    const first = await openAuditTrail({ store: store.db, spoolDirectory: directory, key: KEY })
    for (let index = 0; index < 4; index++) await first.record(event(someone()))
    await first.flush()
    await first.stop()
    // As if the gateway died after the insert committed and before it noted so.
    writeFileSync(join(directory, 'shipped.json'), JSON.stringify({ seq: 0, hash: GENESIS_HASH }))

    const second = await trail({ spoolDirectory: directory })
    expect(second.shipper.backlog).toBe(4)
    await second.flush()
    expect(second.spool.shipped).toBe(4)
    expect((await rowsOf(first.spool.chain)).map((row) => row.seq)).toEqual([1, 2, 3, 4])
  })

  it('strict: refuses while the store is unreachable, keeps the refusals, and allows again once it is back', async () => {
    const audit = await trail()
    const subject = someone()
    expect(audit.check()).toBeUndefined()
    const broken = await breakStore()
    try {
      // Durable in the spool, so it is answered; the shipper then finds the store gone.
      await audit.record(event(subject, { operationName: 'before' }))
      await vi.waitFor(() => expect(audit.check()).toBeDefined(), { timeout: 10_000, interval: 10 })
      const refusal = audit.check()!
      expect(refusal.extensions).toMatchObject({ code: 'AUDIT_UNAVAILABLE', since: expect.any(String) })
      expect(refusal.message).toMatch(/^the governance store has been unreachable since .*, so the gateway does not read classified data until it can audit again; retry shortly$/)
      await audit.record(event(subject, { operationName: 'refused', outcome: 'rejected' }))
    } finally {
      await broken.restore()
    }
    await vi.waitFor(() => expect(audit.check()).toBeUndefined(), { timeout: 10_000, interval: 10 })
    await audit.flush()
    expect(await operationsOf(subject)).toEqual(['refused', 'before'])
  })

  it('strict: counts a store that hangs instead of refusing as unreachable, until it answers', async () => {
    const audit = await trail({ shipping: { attemptTimeoutMs: 100, minBackoffMs: 10, maxBackoffMs: 50 } })
    const subject = someone()
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let locked!: () => void
    const isLocked = new Promise<void>((resolve) => (locked = resolve))
    // Another session holds the table: the shipper's insert waits, neither failing nor succeeding.
    const holder = store.db.transaction().execute(async (tx) => {
      await sql`lock table audit_events in access exclusive mode`.execute(tx)
      locked()
      await released
    })
    await isLocked
    try {
      await audit.record(event(subject))
      await vi.waitFor(() => expect(audit.check()).toMatchObject({ extensions: { code: 'AUDIT_UNAVAILABLE' } }), { timeout: 10_000, interval: 10 })
      expect(String(audit.shipper.outage?.error)).toBe('Error: the governance store has not answered an insert for 100 ms')
    } finally {
      release()
      await holder
    }
    await vi.waitFor(() => expect(audit.check()).toBeUndefined(), { timeout: 10_000, interval: 10 })
    expect(await operationsOf(subject)).toHaveLength(1)
  })

  it('best-effort: answers while the store is unreachable, warns once per outage, and ships the backlog once it is back', async () => {
    const warnings: string[] = []
    const logger = { info: () => undefined, error: () => undefined, warn: (_: unknown, message: string) => void warnings.push(message) }
    const audit = await trail({ mode: 'best-effort', logger: logger as never })
    const subject = someone()
    const attempts: string[] = []
    const stopWatching = store.statements.watch((statement) => {
      if (statement.startsWith('insert into "audit_events"')) attempts.push(statement)
    })
    const broken = await breakStore()
    try {
      for (let index = 0; index < 3; index++) await audit.record(event(subject))
      await vi.waitFor(() => expect(attempts.length).toBeGreaterThanOrEqual(4), { timeout: 10_000, interval: 10 })
      expect(audit.check()).toBeUndefined()
      expect(audit.shipper.outage).toBeDefined()
      expect(warnings).toEqual([expect.stringMatching(/^governance store unreachable: answering anyway \(DATAMESH_AUDIT=best-effort\); audit events are kept in the spool /)])
    } finally {
      stopWatching()
      await broken.restore()
    }
    await vi.waitFor(() => expect(audit.shipper.backlog).toBe(0), { timeout: 10_000, interval: 20 })
    expect(audit.shipper.outage).toBeUndefined()
    expect(await operationsOf(subject)).toHaveLength(3)
    expect(warnings).toHaveLength(1)
  })

  it('refuses when its spool cannot be written (strict) or answers anyway (best-effort), and resumes the chain once the disk takes writes again', async () => {
    for (const mode of ['strict', 'best-effort'] as const) {
      // One event per segment; the next segment is a disk that is full.
      const audit = await trail({ mode, segmentBytes: 1 })
      const first = event(someone())
      await audit.record(first)
      const next = join(audit.spool.directory, 'segment-000000000002.jsonl')
      symlinkSync('/dev/full', next)
      if (mode === 'strict') {
        await expect(audit.record(event(someone()))).rejects.toMatchObject({ extensions: { code: 'AUDIT_UNAVAILABLE' } })
        expect(audit.check()).toMatchObject({ extensions: { code: 'AUDIT_UNAVAILABLE' }, message: 'the gateway cannot write its audit spool, so it does not read classified data until it can; retry shortly' })
      } else {
        await expect(audit.record(event(someone()))).resolves.toBeUndefined()
        expect(audit.check()).toBeUndefined()
      }
      expect(audit.spool.broken).toBeDefined()
      rmSync(next)
      await audit.record(event(someone()))
      expect(audit.spool.broken).toBeUndefined()
      expect(audit.check()).toBeUndefined()
      await audit.flush()
      expect((await rowsOf(audit.spool.chain)).map((row) => row.seq)).toEqual([1, 2])
    }
  })
})

describe('readAuditEvents', () => {
  const alice = someone()
  const bob = someone()

  beforeAll(async () => {
    const audit = await trail()
    await audit.record(event(alice, { occurredAt: new Date('2026-01-01T10:00:00Z'), operationName: 'alice-old' }))
    await audit.record(event(bob, { occurredAt: new Date('2026-01-02T10:00:00Z'), operationName: 'bob' }))
    await audit.record(event(alice, { occurredAt: new Date('2026-01-03T10:00:00Z'), operationName: 'alice-new' }))
    await audit.flush()
  })

  const read = async (query: { since: Date; subject?: string; limit?: number }) =>
    (await readAuditEvents(store.db, query)).filter((row) => row.subject === alice || row.subject === bob).map((row) => row.operation_name)

  it('returns the events of one subject only, newest first', async () => {
    expect(await read({ since: EPOCH, subject: alice })).toEqual(['alice-new', 'alice-old'])
    expect(await read({ since: EPOCH, subject: bob })).toEqual(['bob'])
  })

  it('returns only events at or after since', async () => {
    expect(await read({ since: new Date('2026-01-02T10:00:00Z'), subject: alice })).toEqual(['alice-new'])
    expect(await read({ since: new Date('2026-01-02T10:00:00Z') })).toEqual(expect.arrayContaining(['alice-new', 'bob']))
    expect(await read({ since: new Date('2026-01-02T10:00:00Z') })).not.toContain('alice-old')
  })

  it('returns at most limit events, the newest', async () => {
    expect(await read({ since: EPOCH, subject: alice, limit: 1 })).toEqual(['alice-new'])
  })
})

describe('the audit table', () => {
  it('is append-only: the database rejects an UPDATE, a DELETE and a TRUNCATE and the rows stay as written', async () => {
    const audit = await trail()
    const subject = someone()
    await audit.record(event(subject, { operationName: 'kept' }))
    await audit.flush()

    await expect(sql`update audit_events set outcome = 'allowed' where subject = ${subject}`.execute(store.db)).rejects.toThrow('the audit trail is append-only')
    await expect(store.db.updateTable('audit_events').set({ subject: 'someone-else' }).where('subject', '=', subject).execute()).rejects.toThrow(
      'the audit trail is append-only',
    )
    await expect(store.db.deleteFrom('audit_events').where('subject', '=', subject).execute()).rejects.toThrow('the audit trail is append-only')
    await expect(sql`truncate audit_events`.execute(store.db)).rejects.toThrow('the audit trail is append-only')

    expect(await readAuditEvents(store.db, { since: EPOCH, subject })).toEqual([expect.objectContaining({ subject, outcome: 'masked', operation_name: 'kept' })])
  })

  it('lets the writer role only insert and read: UPDATE, DELETE, TRUNCATE and disabling the triggers are refused', async () => {
    const audit = await trail()
    const subject = someone()
    await audit.record(event(subject, { operationName: 'kept' }))
    await audit.flush()
    const asWriter = (statement: string) =>
      store.db.transaction().execute(async (tx: Kysely<GovernanceDatabase>) => {
        await sql`set local role ${sql.raw(AUDIT_WRITER_ROLE)}`.execute(tx)
        return sql.raw(statement).execute(tx)
      })

    await expect(asWriter(`update audit_events set outcome = 'allowed' where subject = '${subject}'`)).rejects.toThrow('permission denied for table audit_events')
    await expect(asWriter(`delete from audit_events where subject = '${subject}'`)).rejects.toThrow('permission denied for table audit_events')
    await expect(asWriter('truncate audit_events')).rejects.toThrow('permission denied for table audit_events')
    await expect(asWriter('alter table audit_events disable trigger all')).rejects.toThrow('must be owner of table audit_events')
    await expect(asWriter('drop table audit_events')).rejects.toThrow('must be owner of table audit_events')
    expect(((await asWriter(`select count(*)::int as n from audit_events where subject = '${subject}'`)).rows as { n: number }[])[0]!.n).toBe(1)
    // The role lasted only for its transaction: this connection is the owner again.
    expect((await sql<{ user: string }>`select current_user as user`.execute(store.db)).rows[0]!.user).not.toBe(AUDIT_WRITER_ROLE)
    expect(await readAuditEvents(store.db, { since: EPOCH, subject })).toEqual([expect.objectContaining({ subject, outcome: 'masked', operation_name: 'kept' })])
  })
})

describe('verifyAuditTrail', () => {
  /** A chain of six events of its own, shipped, and the spool it came from. */
  async function shippedChain() {
    const audit = await trail()
    for (let minute = 0; minute < 6; minute++) await audit.record(event(someone(), { occurredAt: new Date(Date.UTC(2026, 2, 14, 9, minute)) }))
    await audit.flush()
    return { chain: audit.spool.chain, directory: audit.spool.directory }
  }
  const brokenLinks = async (chain: string, withSpoolOf?: string) =>
    (await verifyAuditTrail(store.db, { key: KEY, spool: withSpoolOf ? await readAuditSpool(withSpoolOf) : undefined })).broken.filter((link) => link.chain === chain)

  it('finds an untouched chain intact, and counts events from before the chain as unchained, not broken', async () => {
    const { chain, directory } = await shippedChain()
    await store.db
      .insertInto('audit_events')
      .values({ occurred_at: new Date(), subject: someone(), roles: [], purpose: null, operation_name: 'old', operation_hash: 'x', client_address: null, outcome: 'allowed', fields: '[]' as never, chain_id: null, seq: null, prev_hash: null, hash: null })
      .execute()
    const result = await verifyAuditTrail(store.db, { key: KEY, spool: await readAuditSpool(directory) })
    expect(result.broken.filter((link) => link.chain === chain)).toEqual([])
    expect(result.unchained).toBeGreaterThanOrEqual(1)
    expect(result.stored).toBeGreaterThanOrEqual(6)
    expect(result.spoolRead).toBe(true)
  })

  it('catches an event changed after it was written', async () => {
    const { chain } = await shippedChain()
    await tamper(sql`update audit_events set outcome = 'allowed' where chain_id = ${chain} and seq = 3`)
    expect(await brokenLinks(chain)).toEqual([
      { chain, seq: 3, occurredAt: '2026-03-14T09:02:00.000Z', problem: expect.stringMatching(/^the event was changed after it was written in the store/) },
    ])
  })

  it('catches a deleted event: a gap in the sequence numbers', async () => {
    const { chain } = await shippedChain()
    await tamper(sql`delete from audit_events where chain_id = ${chain} and seq = 4`)
    expect(await brokenLinks(chain)).toEqual([{ chain, seq: 4, occurredAt: '2026-03-14T09:04:00.000Z', problem: 'sequence 4 is missing in the store' }])
  })

  it('catches a relinked event: a previous hash that is not the previous event\'s', async () => {
    const { chain } = await shippedChain()
    await tamper(sql`update audit_events set prev_hash = ${GENESIS_HASH} where chain_id = ${chain} and seq = 2`)
    expect(await brokenLinks(chain)).toEqual([{ chain, seq: 2, occurredAt: '2026-03-14T09:01:00.000Z', problem: 'its previous hash is not the hash of sequence 1 in the store' }])
  })

  it('catches a truncated tail when it can read the spool\'s head', async () => {
    const { chain, directory } = await shippedChain()
    await tamper(sql`delete from audit_events where chain_id = ${chain} and seq >= 5`)
    // Without the spool, the end of a chain cannot be told from a truncated one.
    expect(await brokenLinks(chain)).toEqual([])
    expect(await brokenLinks(chain, directory)).toEqual([
      { chain, seq: 5, occurredAt: '2026-03-14T09:04:00.000Z', problem: `sequences 5 to 6 are missing at the end of the store (the spool ${directory} shipped up to 6, its head is 6)` },
    ])
  })

  it('checks the events still in the spool as the chain\'s continuation', async () => {
    const directory = spoolDirectory()
    const audit = await openAuditTrail({ store: store.db, spoolDirectory: directory, key: KEY, stopGraceMs: 100 })
    await audit.record(event(someone()))
    await audit.flush()
    const broken = await breakStore()
    try {
      await audit.record(event(someone()))
      await audit.record(event(someone()))
      await audit.stop()
    } finally {
      await broken.restore()
    }
    const result = await verifyAuditTrail(store.db, { key: KEY, spool: await readAuditSpool(directory) })
    expect(result.broken.filter((link) => link.chain === audit.spool.chain)).toEqual([])
    expect(result.pending).toBe(2)
  })
})
