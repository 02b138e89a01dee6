import { migrateToLatest, migrationStatus, type DomainDatabase } from '@datamesh/kit'
import { testDatabase, type TestDatabase } from '@datamesh/kit/testing'
import { sql } from 'kysely'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  AuditWriter,
  governanceMigrations,
  openGovernanceStore,
  outcomeOf,
  readAuditEvents,
  type AuditEvent,
  type AuditedField,
  type GovernanceDatabase,
} from '../src/index.js'

let database: TestDatabase
let store: DomainDatabase<GovernanceDatabase>

beforeAll(async () => {
  database = testDatabase('governance')
  store = await openGovernanceStore(database.options)
})

afterAll(async () => {
  await store?.close()
  await database?.drop()
})

const EPOCH = new Date(0)
/** A subject name no other test uses, so each test reads only its own events. */
const someone = () => `subject-${randomUUID()}`
const writers: AuditWriter[] = []
/** A writer whose timer never fires during a test unless asked to. */
const writer = (options: ConstructorParameters<typeof AuditWriter>[1] = {}) => {
  const created = new AuditWriter(store.db, { intervalMs: 3_600_000, ...options })
  writers.push(created)
  return created
}
afterAll(async () => {
  for (const created of writers) await created.close().catch(() => undefined)
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

describe('the governance store', () => {
  it('is migrated when opened: the audit table exists and no migration is pending', async () => {
    expect(await migrationStatus(store.db, governanceMigrations)).toEqual({ applied: ['0001_create_audit_events', '0002_audit_events_no_truncate', '0003_create_root_field_latency', '0004_create_quality_results'], pending: [] })
    expect(await migrateToLatest(store.db, governanceMigrations)).toEqual([])
    expect(await readAuditEvents(store.db, { since: EPOCH, subject: someone() })).toEqual([])
  })
})

describe('AuditWriter', () => {
  it('writes nothing until it flushes, then every recorded event, newest first', async () => {
    const audit = writer()
    const subject = someone()
    for (let minute = 0; minute < 5; minute++) {
      audit.record(event(subject, { occurredAt: new Date(Date.UTC(2026, 2, 14, 9, minute)), operationName: `op-${minute}` }))
    }
    expect(audit.pending).toBe(5)
    expect(await operationsOf(subject)).toEqual([])

    await audit.flush()
    expect(audit.pending).toBe(0)
    expect(audit.written).toBe(5)
    expect(await operationsOf(subject)).toEqual(['op-4', 'op-3', 'op-2', 'op-1', 'op-0'])
  })

  it('stores each event as it was recorded', async () => {
    const audit = writer()
    const subject = someone()
    const occurredAt = new Date('2026-03-14T09:26:53.123Z')
    audit.record(event(subject, { occurredAt, roles: ['analyst', 'staff'] }))
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
    })
  })

  it('stores what an anonymous request left out as null', async () => {
    const audit = writer()
    const marker = `hash-${randomUUID()}`
    const fields: AuditedField[] = [{ coordinate: 'Contract.terms', classification: 'confidential', effect: 'deny' }]
    audit.record({ ...event(undefined), roles: [], purpose: undefined, operationName: undefined, clientAddress: undefined, operationHash: marker, outcome: outcomeOf(fields), fields })
    await audit.flush()
    const rows = (await readAuditEvents(store.db, { since: EPOCH, limit: 1000 })).filter((row) => row.operation_hash === marker)
    expect(rows).toEqual([
      expect.objectContaining({ subject: null, roles: [], purpose: null, operation_name: null, client_address: null, outcome: 'denied', fields }),
    ])
  })

  it('writes on its own every interval', async () => {
    const audit = writer({ intervalMs: 25 })
    const subject = someone()
    audit.record(event(subject, { operationName: 'first' }))
    audit.record(event(subject, { operationName: 'second' }))
    await vi.waitFor(async () => expect(await operationsOf(subject)).toHaveLength(2), { timeout: 5_000, interval: 20 })
    expect(audit.written).toBe(2)
  })

  it('writes as soon as a full batch is waiting, without waiting for the interval', async () => {
    const audit = writer({ batchSize: 3 })
    const subject = someone()
    audit.record(event(subject))
    audit.record(event(subject))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(audit.written).toBe(0)
    audit.record(event(subject))
    await vi.waitFor(() => expect(audit.written).toBe(3), { timeout: 5_000, interval: 10 })
    expect(await operationsOf(subject)).toHaveLength(3)
  })

  it('writes a large queue in inserts of at most batchSize events each', async () => {
    const audit = writer({ batchSize: 4 })
    const subject = someone()
    const inserts: string[] = []
    const stopWatching = store.statements.watch((statement) => {
      if (statement.startsWith('insert into "audit_events"')) inserts.push(statement)
    })
    try {
      for (let index = 0; index < 10; index++) audit.record(event(subject))
      await audit.flush()
    } finally {
      stopWatching()
    }
    expect(audit.pending).toBe(0)
    expect(audit.written).toBe(10)
    // The fourth record started a write of four; the six recorded meanwhile went as four and two.
    expect(inserts).toHaveLength(3)
    expect(await operationsOf(subject)).toHaveLength(10)
  })

  it('writes everything still queued when closed, so a clean stop loses nothing', async () => {
    const audit = writer()
    const subject = someone()
    for (let index = 0; index < 7; index++) audit.record(event(subject, { operationName: `op-${index}` }))
    expect(await operationsOf(subject)).toEqual([])
    await audit.close()
    expect(audit.pending).toBe(0)
    expect(audit.written).toBe(7)
    expect(await operationsOf(subject)).toHaveLength(7)
  })

  it('keeps the events of a failed write queued, in order, and writes them with a later flush', async () => {
    const audit = writer()
    const subject = someone()
    audit.record(event(subject, { operationName: 'a' }))
    audit.record(event(subject, { operationName: 'b' }))
    await sql`alter table audit_events rename to x`.execute(store.db)
    try {
      await expect(audit.flush()).rejects.toThrow(/audit_events/)
      expect(audit.pending).toBe(2)
      expect(audit.written).toBe(0)
      audit.record(event(subject, { operationName: 'c' }))
      expect(audit.pending).toBe(3)
    } finally {
      await sql`alter table x rename to audit_events`.execute(store.db)
    }
    await audit.flush()
    expect(audit.pending).toBe(0)
    expect(audit.written).toBe(3)
    // Same instant: newest first is by insertion order, so the failed events kept their place.
    expect(await operationsOf(subject)).toEqual(['c', 'b', 'a'])
  })

  it('reports a failed timed write to onError and writes the events once the store is back', async () => {
    const errors: unknown[] = []
    const subject = someone()
    await sql`alter table audit_events rename to x`.execute(store.db)
    let audit: AuditWriter
    try {
      audit = writer({ intervalMs: 20, onError: (error) => errors.push(error) })
      audit.record(event(subject))
      await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), { timeout: 5_000, interval: 10 })
      expect(audit.pending).toBe(1)
    } finally {
      await sql`alter table x rename to audit_events`.execute(store.db)
    }
    expect(String(errors[0])).toMatch(/audit_events/)
    await vi.waitFor(() => expect(audit.written).toBe(1), { timeout: 5_000, interval: 10 })
    expect(await operationsOf(subject)).toHaveLength(1)
  })
})

describe('readAuditEvents', () => {
  const alice = someone()
  const bob = someone()

  beforeAll(async () => {
    const audit = writer()
    audit.record(event(alice, { occurredAt: new Date('2026-01-01T10:00:00Z'), operationName: 'alice-old' }))
    audit.record(event(bob, { occurredAt: new Date('2026-01-02T10:00:00Z'), operationName: 'bob' }))
    audit.record(event(alice, { occurredAt: new Date('2026-01-03T10:00:00Z'), operationName: 'alice-new' }))
    await audit.close()
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

describe('the audit trail', () => {
  it('is append-only: the database rejects an UPDATE, a DELETE and a TRUNCATE and the rows stay as written', async () => {
    const audit = writer()
    const subject = someone()
    audit.record(event(subject, { operationName: 'kept' }))
    await audit.flush()

    await expect(sql`update audit_events set outcome = 'allowed' where subject = ${subject}`.execute(store.db)).rejects.toThrow('the audit trail is append-only')
    await expect(store.db.updateTable('audit_events').set({ subject: 'someone-else' }).where('subject', '=', subject).execute()).rejects.toThrow(
      'the audit trail is append-only',
    )
    await expect(store.db.deleteFrom('audit_events').where('subject', '=', subject).execute()).rejects.toThrow('the audit trail is append-only')
    await expect(sql`truncate audit_events`.execute(store.db)).rejects.toThrow('the audit trail is append-only')

    expect(await readAuditEvents(store.db, { since: EPOCH, subject })).toEqual([expect.objectContaining({ subject, outcome: 'masked', operation_name: 'kept' })])
  })
})
