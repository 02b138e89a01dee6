// The kit's table blocks on a real database: a row rule is in every read through
// rows(table), filters narrow a connection, text keys page with cursors, and the database
// itself is refused to a domain with row rules.
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ANONYMOUS_GRANT, openDomainDatabase, tableConnection, tableFilters, byKey, type DomainDatabase, type Grant, type RowRules } from '../src/index.js'
import { readRows } from '../src/tables/rows.js'
import { testDatabase } from '../src/testing/index.js'

interface Database {
  notes: { id: string; owner: string; kind: string; written_at: Date }
}

const rules: RowRules<Database> = { notes: (access) => (access.roles.includes('customer') ? (eb) => eb('notes.owner', '=', access.sub ?? '') : undefined) }
const customer: Grant = { ...ANONYMOUS_GRANT, sub: 'ann', roles: ['customer'] }
const store = testDatabase('tables')
let database: DomainDatabase<Database>
let db: Kysely<Database>

beforeAll(async () => {
  database = await openDomainDatabase<Database>('tables', store.options)
  db = database.db
  await sql`create table notes (id text primary key, owner text not null, kind text not null, written_at timestamptz not null)`.execute(db)
  await db
    .insertInto('notes')
    .values(['n-01', 'n-02', 'n-03', 'n-04', 'n-05'].map((id, index) => ({ id, owner: index % 2 ? 'bob' : 'ann', kind: index < 3 ? 'memo' : 'call', written_at: new Date(Date.UTC(2026, 0, index + 1)) })))
    .execute()
})
afterAll(async () => {
  await database?.close()
  await store.drop()
})

const info = { parentType: { name: 'Query' }, fieldName: 'notes' } as never
const page = (args: Record<string, unknown>, access: Grant) =>
  tableConnection('notes', { key: 'id', keyKind: 'text', filters: { kind: tableFilters.equals('kind'), writtenAfter: tableFilters.atLeast('written_at'), writtenBefore: tableFilters.before('written_at') }, ranges: [['writtenAfter', 'writtenBefore']] })(
    undefined,
    args,
    { rows: readRows(db, rules, access), access },
    info,
  )

describe('table blocks', () => {
  it('applies the row rule to every read through rows(table): lists and lookups by key alike', async () => {
    const all = await page({ first: 10 }, ANONYMOUS_GRANT)
    expect(all.edges.map((edge) => (edge.node as { id: string }).id)).toEqual(['n-01', 'n-02', 'n-03', 'n-04', 'n-05'])
    const own = await page({ first: 10 }, customer)
    expect(own.edges.map((edge) => (edge.node as { id: string }).id)).toEqual(['n-01', 'n-03', 'n-05'])
    const rows = readRows(db, rules, customer)
    const loader = byKey<Database, 'notes', string>(() => rows('notes'))
    expect((await loader.loadMany(['n-01', 'n-02'])).map((row) => (row as { id: string } | null)?.id ?? null)).toEqual(['n-01', null])
  })

  it('narrows by the declared filters, refuses an inverted range, and pages text keys with cursors', async () => {
    const memos = await page({ first: 2, filter: { kind: 'memo' } }, ANONYMOUS_GRANT)
    expect(memos.edges.map((edge) => (edge.node as { id: string }).id)).toEqual(['n-01', 'n-02'])
    expect(memos.pageInfo.hasNextPage).toBe(true)
    const next = await page({ first: 2, after: memos.pageInfo.endCursor, filter: { kind: 'memo' } }, ANONYMOUS_GRANT)
    expect(next.edges.map((edge) => (edge.node as { id: string }).id)).toEqual(['n-03'])
    expect(await memos.totalCount!()).toBe(3)
    await expect(page({ first: 2, filter: { writtenAfter: new Date('2026-02-01'), writtenBefore: new Date('2026-01-01') } }, ANONYMOUS_GRANT)).rejects.toThrow(
      'Query.notes: "writtenAfter" must be earlier than "writtenBefore"',
    )
    await expect(page({ first: 2, after: 'nope' }, ANONYMOUS_GRANT)).rejects.toThrow('is not a cursor this field returned')
  })

  it('gives the database itself only to a domain without row rules, and derived selects only from queries', () => {
    expect(() => readRows(db, rules, customer).unruled).toThrow('reads its tables through rows(table)')
    expect(readRows(db, {}, customer).unruled).toBe(db)
    expect(() => readRows(db, rules, customer).derived('notes' as never)).toThrow('not from a table')
  })
})
