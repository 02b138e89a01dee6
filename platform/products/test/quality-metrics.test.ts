// Each quality metric measured on a small real database (embedded PGlite, or PostgreSQL
// when DATABASE_URL is set) whose rows we know, so every measured value is known too.
import { openDomainDatabase, type DomainDatabase } from '@datamesh/kit'
import { testDatabase, type TestDatabase } from '@datamesh/kit/testing'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runProductRules, type DataProduct, type QualityResult, type QualityRule } from '../src/index.js'

let database: TestDatabase
let domain: DomainDatabase<any>

// 8 people. email: one null, 'a@x.io' three times, one malformed. country: 'XX' is not
// served, one null. age: 17 and 200 are out of [18, 120], one null. nickname: two null,
// two empty. seen_at: newest 2026-03-10T12:00:00Z.
const PEOPLE = [
  { email: 'a@x.io', country: 'US', age: 30, nickname: 'ann', seen_at: '2026-03-01T00:00:00Z' },
  { email: 'b@x.io', country: 'DE', age: 17, nickname: '', seen_at: '2026-03-02T00:00:00Z' },
  { email: 'a@x.io', country: 'FR', age: 45, nickname: null, seen_at: '2026-03-10T12:00:00Z' },
  { email: null, country: 'XX', age: null, nickname: 'dee', seen_at: null },
  { email: 'not-an-email', country: 'US', age: 200, nickname: null, seen_at: '2026-02-01T00:00:00Z' },
  { email: 'c@x.io', country: null, age: 25, nickname: 'eve', seen_at: '2026-03-05T00:00:00Z' },
  { email: 'd@x.io', country: 'GB', age: 25, nickname: '', seen_at: '2026-03-06T00:00:00Z' },
  { email: 'a@x.io', country: 'US', age: 60, nickname: 'gus', seen_at: '2026-03-07T00:00:00Z' },
]
const NEWEST = Date.parse('2026-03-10T12:00:00Z')

beforeAll(async () => {
  database = testDatabase('quality')
  domain = await openDomainDatabase('quality', database.options)
  await sql`create table people (
    id serial primary key, email text, country char(2), age integer, nickname text, seen_at timestamptz, born date
  )`.execute(domain.db)
  await domain.db.insertInto('people').values(PEOPLE).execute()
  await sql`create table nobody (id serial primary key, seen_at timestamptz)`.execute(domain.db)
})

afterAll(async () => {
  await domain?.close()
  await database?.drop()
})

function product(quality: readonly Partial<QualityRule>[]): DataProduct {
  return {
    id: 'quality.people',
    name: 'People',
    description: 'Test people.',
    domain: 'quality',
    owner: { team: 'Test', contacts: [{ name: 'T', email: 't@example.com', role: 'owner' }] },
    version: '1.0.0',
    status: 'active',
    outputPort: { types: ['Person'], rootFields: [] },
    sla: {},
    quality: quality.map((rule, index) => ({ id: `rule-${index}`, description: 'a rule', severity: 'error', ...rule }) as QualityRule),
    termsOfUse: { purposes: [], description: '' },
    inputs: [],
    lineage: {},
    source: 'test',
  }
}

async function measure(rule: Partial<QualityRule>, options: { now?: Date } = {}): Promise<QualityResult> {
  const [result] = await runProductRules(domain.db, product([rule]), options)
  return result as QualityResult
}

describe('the library metrics', () => {
  it('nullValues counts the rows where the column is null', async () => {
    const result = await measure({ metric: 'nullValues', table: 'people', column: 'email', mustBe: 0 })
    expect(result).toMatchObject({ measured: 1, unit: 'rows', expectation: 'mustBe 0', passed: false, error: null })
  })

  it('nullValues in percent is 100 × nulls / rows', async () => {
    const result = await measure({ metric: 'nullValues', table: 'people', column: 'nickname', unit: 'percent', mustBeLessThan: 30 })
    expect(result).toMatchObject({ measured: 25, unit: 'percent', passed: true })
  })

  it('missingValues counts nulls and empty strings', async () => {
    expect(await measure({ metric: 'missingValues', table: 'people', column: 'nickname', mustBe: 4 })).toMatchObject({ measured: 4, passed: true })
    expect(await measure({ metric: 'missingValues', table: 'people', column: 'nickname', unit: 'percent', mustBe: 50 })).toMatchObject({ measured: 50, passed: true })
  })

  it('duplicateValues counts non-null values beyond the first of each value', async () => {
    // 7 emails, 5 distinct: a@x.io appears three times.
    expect(await measure({ metric: 'duplicateValues', table: 'people', column: 'email', mustBe: 0 })).toMatchObject({ measured: 2, passed: false })
    expect(await measure({ metric: 'duplicateValues', table: 'people', column: 'email', unit: 'percent', mustBe: 25 })).toMatchObject({ measured: 25, passed: true })
  })

  it('rowCount counts the rows of the table', async () => {
    expect(await measure({ metric: 'rowCount', table: 'people', mustBeGreaterThan: 0 })).toMatchObject({ measured: 8, unit: 'rows', passed: true })
    expect(await measure({ metric: 'rowCount', table: 'nobody', mustBeGreaterThan: 0 })).toMatchObject({ measured: 0, passed: false, error: null })
  })

  it('invalidValues counts non-null values outside validValues', async () => {
    const result = await measure({ metric: 'invalidValues', table: 'people', column: 'country', arguments: { validValues: ['US', 'DE', 'FR', 'GB'] }, mustBe: 0 })
    expect(result).toMatchObject({ measured: 1, passed: false })
  })

  it('invalidValues counts non-null values that do not match a pattern', async () => {
    const result = await measure({ metric: 'invalidValues', table: 'people', column: 'email', arguments: { pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' }, mustBe: 1 })
    expect(result).toMatchObject({ measured: 1, passed: true })
  })

  it('invalidValues counts numbers below the minimum or above the maximum', async () => {
    expect(await measure({ metric: 'invalidValues', table: 'people', column: 'age', arguments: { minimum: 18 }, mustBe: 0 })).toMatchObject({ measured: 1 })
    expect(await measure({ metric: 'invalidValues', table: 'people', column: 'age', arguments: { maximum: 120 }, mustBe: 0 })).toMatchObject({ measured: 1 })
    expect(await measure({ metric: 'invalidValues', table: 'people', column: 'age', arguments: { minimum: 18, maximum: 120 }, mustBe: 2 })).toMatchObject({ measured: 2, passed: true })
    expect(await measure({ metric: 'invalidValues', table: 'people', column: 'age', arguments: { minimum: 17.5 }, mustBe: 1 })).toMatchObject({ measured: 1, passed: true })
  })

  it('invalidValues in percent is 100 × invalid values / rows', async () => {
    const result = await measure({ metric: 'invalidValues', table: 'people', column: 'age', arguments: { minimum: 18, maximum: 120 }, unit: 'percent', mustBeLessOrEqualTo: 25 })
    expect(result).toMatchObject({ measured: 25, unit: 'percent', passed: true })
  })

  it('freshness measures the age in seconds of the newest value and passes within maxAge', async () => {
    const now = new Date(NEWEST + 36 * 3_600_000)
    expect(await measure({ metric: 'freshness', table: 'people', column: 'seen_at', maxAge: '2d' }, { now })).toMatchObject({
      measured: 36 * 3_600,
      unit: 'seconds',
      expectation: 'maxAge 2d',
      passed: true,
    })
    expect(await measure({ metric: 'freshness', table: 'people', column: 'seen_at', maxAge: '1d' }, { now })).toMatchObject({ measured: 36 * 3_600, passed: false })
    expect(await measure({ metric: 'freshness', table: 'people', column: 'seen_at', maxAge: '36h' }, { now })).toMatchObject({ passed: true })
  })

  it("freshness is judged by the database's clock unless told otherwise", async () => {
    await sql`update people set born = current_date - 3 where id = 1`.execute(domain.db)
    const result = await measure({ metric: 'freshness', table: 'people', column: 'born', maxAge: '4d' })
    // Three days, give or take the time zone of the session and the time of day.
    expect(result.measured).toBeGreaterThan(2 * 86_400)
    expect(result.measured).toBeLessThan(4 * 86_400)
    expect(result.passed).toBe(true)
  })

  it('freshness of a table with no rows fails, saying there is nothing to judge by', async () => {
    const result = await measure({ metric: 'freshness', table: 'nobody', column: 'seen_at', maxAge: '1d' })
    expect(result).toMatchObject({ measured: null, passed: false, error: 'table nobody has no seen_at: nothing to judge freshness by' })
  })

  it('a sql rule measures the one number its query returns', async () => {
    const result = await measure({ query: 'select count(*) from people where age < 18', mustBe: 0 })
    expect(result).toMatchObject({ metric: 'sql', measured: 1, unit: 'rows', passed: false, error: null })
    // 402 years over 4: a float, and a trailing semicolon is fine.
    expect(await measure({ query: 'select sum(age)::float8 / 4 from people;', mustBeBetween: [100, 101] })).toMatchObject({ measured: 100.5, passed: true })
  })

  it('a sql rule runs read-only and as one statement', async () => {
    const deleting = await measure({ query: 'delete from people returning 1', mustBe: 0 })
    expect(deleting).toMatchObject({ measured: null, passed: false })
    expect(deleting.error).toMatch(/read-only transaction/)
    const smuggled = await measure({ query: 'select 0; commit; delete from people', mustBe: 0 })
    expect(smuggled).toMatchObject({ measured: null, passed: false, error: 'the query must be one statement, without ";" inside it' })
    expect(await measure({ metric: 'rowCount', table: 'people', mustBe: 8 })).toMatchObject({ passed: true })
  })

  it('a sql rule that does not return one number fails, saying what it returned', async () => {
    expect((await measure({ query: 'select id from people', mustBe: 0 })).error).toBe('the query must return one row with one number; it returned 8 rows')
    expect((await measure({ query: 'select 1 as a, 2 as b', mustBe: 0 })).error).toBe('the query must return one number; it returned 2 columns')
    expect((await measure({ query: "select 'many'", mustBe: 0 })).error).toBe('the query returned "many", not a number')
  })
})

describe('rules that cannot be measured', () => {
  it('an unknown column is a failed result naming the table and the column, not a crash', async () => {
    const results = await runProductRules(
      domain.db,
      product([
        { metric: 'nullValues', table: 'people', column: 'emial', mustBe: 0 },
        { metric: 'rowCount', table: 'peeple', mustBeGreaterThan: 0 },
        { metric: 'rowCount', table: 'people', mustBe: 8 },
      ]),
    )
    expect(results.map(({ measured, passed, error }) => ({ measured, passed, error }))).toEqual([
      { measured: null, passed: false, error: 'table people has no column emial' },
      { measured: null, passed: false, error: 'table peeple does not exist in the quality database' },
      { measured: 8, passed: true, error: null },
    ])
  })

  it.each([
    [{ metric: 'rowCount', table: 'people' }, 'the rule has no expectation; give one of mustBe, mustNotBe, mustBeGreaterThan, mustBeGreaterOrEqualTo, mustBeLessThan, mustBeLessOrEqualTo, mustBeBetween, mustNotBeBetween'],
    [{ metric: 'rowCount', table: 'people', mustBe: 8, mustBeGreaterThan: 0 }, 'the rule has 2 expectations (mustBe, mustBeGreaterThan); give exactly one'],
    [{ metric: 'rowCount', table: 'people', mustBeBetween: [9, 1] }, 'mustBeBetween [9, 1]: the low bound is above the high bound'],
    [{ metric: 'nullValues', table: 'people', mustBe: 0 }, 'nullValues needs a column'],
    [{ metric: 'invalidValues', table: 'people', column: 'age', mustBe: 0 }, 'invalidValues needs arguments: validValues, pattern, minimum or maximum'],
    [{ metric: 'invalidValues', table: 'people', column: 'email', arguments: { minimum: 1 }, mustBe: 0 }, 'arguments.minimum needs a number column, but people.email is text'],
    [{ metric: 'freshness', table: 'people', column: 'email', maxAge: '1d' }, 'freshness needs a date or timestamp column, but people.email is text'],
    [{ metric: 'rowCount', table: 'people', unit: 'percent', mustBe: 100 }, 'rowCount cannot be measured in percent'],
    [{ metric: 'nullValues', table: 'people', column: 'email', maxAge: '1d' }, 'maxAge applies to freshness rules only, not to nullValues rules'],
  ] as const)('%j fails with: %s', async (rule, error) => {
    expect(await measure(rule as Partial<QualityRule>)).toMatchObject({ measured: null, passed: false, error })
  })

  it('a query the database refuses is a failed result carrying the database message', async () => {
    const result = await measure({ query: 'select count(*) from nowhere', mustBe: 0 })
    expect(result).toMatchObject({ measured: null, passed: false })
    expect(result.error).toMatch(/relation "nowhere" does not exist/)
  })
})

describe('the operators', () => {
  const rowCount = (expectation: Partial<QualityRule>) => measure({ metric: 'rowCount', table: 'people', ...expectation })

  it.each([
    [{ mustBe: 8 }, 'mustBe 8', true],
    [{ mustBe: 7 }, 'mustBe 7', false],
    [{ mustNotBe: 8 }, 'mustNotBe 8', false],
    [{ mustNotBe: 0 }, 'mustNotBe 0', true],
    [{ mustBeGreaterThan: 8 }, 'mustBeGreaterThan 8', false],
    [{ mustBeGreaterThan: 7 }, 'mustBeGreaterThan 7', true],
    [{ mustBeGreaterOrEqualTo: 8 }, 'mustBeGreaterOrEqualTo 8', true],
    [{ mustBeGreaterOrEqualTo: 9 }, 'mustBeGreaterOrEqualTo 9', false],
    [{ mustBeLessThan: 8 }, 'mustBeLessThan 8', false],
    [{ mustBeLessThan: 9 }, 'mustBeLessThan 9', true],
    [{ mustBeLessOrEqualTo: 8 }, 'mustBeLessOrEqualTo 8', true],
    [{ mustBeLessOrEqualTo: 7 }, 'mustBeLessOrEqualTo 7', false],
    [{ mustBeBetween: [8, 10] }, 'mustBeBetween 8 and 10', true],
    [{ mustBeBetween: [1, 8] }, 'mustBeBetween 1 and 8', true],
    [{ mustBeBetween: [9, 10] }, 'mustBeBetween 9 and 10', false],
    [{ mustNotBeBetween: [8, 10] }, 'mustNotBeBetween 8 and 10', false],
    [{ mustNotBeBetween: [9, 10] }, 'mustNotBeBetween 9 and 10', true],
  ] as const)('8 rows against %j (%s) passes: %s', async (expectation, text, passed) => {
    expect(await rowCount(expectation as Partial<QualityRule>)).toMatchObject({ measured: 8, expectation: text, passed })
  })
})

describe('the cost of measuring', () => {
  async function tableOf(name: string, rows: number): Promise<void> {
    await sql`create table ${sql.table(name)} (id serial primary key, code text, amount integer, at timestamptz)`.execute(domain.db)
    await sql`insert into ${sql.table(name)} (code, amount, at)
      select case when i % 7 = 0 then null else 'c' || (i % 50) end, i % 100 - 5, timestamptz '2026-01-01' + i * interval '1 minute'
      from generate_series(1, ${rows}) as i`.execute(domain.db)
  }

  function everyMetricOn(table: string): DataProduct {
    return product([
      { metric: 'nullValues', table, column: 'code', mustBe: 0 },
      { metric: 'missingValues', table, column: 'code', unit: 'percent', mustBeLessThan: 20 },
      { metric: 'duplicateValues', table, column: 'code', mustBe: 0 },
      { metric: 'rowCount', table, mustBeGreaterThan: 0 },
      { metric: 'invalidValues', table, column: 'amount', arguments: { minimum: 0, maximum: 90, validValues: [1, 2, 3] }, mustBe: 0 },
      { metric: 'invalidValues', table, column: 'code', arguments: { pattern: '^c[0-9]+$' }, mustBe: 0 },
      { metric: 'freshness', table, column: 'at', maxAge: '1d' },
      { query: `select count(*) from ${table} where amount < 0`, mustBe: 0 },
    ])
  }

  it('does not depend on the number of rows: the same statements for 10 rows as for 1,000', async () => {
    await tableOf('ten', 10)
    await tableOf('thousand', 1_000)
    const statements = async (table: string) => {
      const before = domain.statements.count
      const results = await runProductRules(domain.db, everyMetricOn(table))
      expect(results.filter((result) => result.error !== null)).toEqual([])
      return domain.statements.count - before
    }
    const ten = await statements('ten')
    const thousand = await statements('thousand')
    expect(thousand).toBe(ten)
    // One catalog lookup, one statement per metric rule, and the sql rule in its read-only
    // transaction (begin, set transaction read only, the query, commit).
    expect(ten).toBeLessThanOrEqual(1 + 7 + 4)
  })
})
