// Quality results go to the governance store and come back as each rule's latest result.
import { governanceMigrations, openGovernanceStore, type GovernanceDatabase } from '@datamesh/governance'
import { migrationStatus, type DomainDatabase } from '@datamesh/kit'
import { testDatabase, type TestDatabase } from '@datamesh/kit/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { latestQualityResults, recordQualityResults, type QualityResult } from '../src/index.js'

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

function result(runId: string, productId: string, ruleId: string, finishedAt: string, overrides: Partial<QualityResult> = {}): QualityResult {
  const finished = new Date(finishedAt)
  return {
    runId,
    productId,
    productVersion: '1.2.0',
    ruleId,
    description: `${ruleId} holds`,
    metric: 'nullValues',
    severity: 'error',
    dimension: 'completeness',
    measured: 0,
    unit: 'rows',
    expectation: 'mustBe 0',
    passed: true,
    error: null,
    startedAt: new Date(finished.getTime() - 12.5),
    finishedAt: finished,
    durationMs: 12.5,
    ...overrides,
  }
}

describe('quality results in the governance store', () => {
  it('are kept in quality_results, created by the migration 0004', async () => {
    expect((await migrationStatus(store.db, governanceMigrations)).applied).toContain('0004_create_quality_results')
  })

  it('are recorded and read back as they were measured', async () => {
    const measured = [
      result('run-a', 'store.one', 'not-null', '2026-05-01T10:00:00.000Z'),
      result('run-a', 'store.one', 'fresh', '2026-05-01T10:00:01.000Z', {
        metric: 'freshness',
        severity: 'warning',
        dimension: 'timeliness',
        measured: 90_061.5,
        unit: 'seconds',
        expectation: 'maxAge 1d',
        passed: false,
      }),
      result('run-a', 'store.one', 'broken', '2026-05-01T10:00:02.000Z', {
        metric: 'sql',
        dimension: null,
        measured: null,
        passed: false,
        error: 'relation "nowhere" does not exist',
      }),
    ]
    await recordQualityResults(store.db, measured)
    const latest = await latestQualityResults(store.db, 'store.one')
    expect(latest).toEqual([...measured].sort((a, b) => a.ruleId.localeCompare(b.ruleId)))
  })

  it("give each rule's latest result, of one product or of every product", async () => {
    await recordQualityResults(store.db, [
      result('run-1', 'store.two', 'unique', '2026-05-02T08:00:00.000Z', { measured: 3, passed: false }),
      result('run-1', 'store.two', 'not-empty', '2026-05-02T08:00:00.000Z', { metric: 'rowCount', measured: 10 }),
      result('run-1', 'store.three', 'unique', '2026-05-02T08:00:00.000Z'),
    ])
    await recordQualityResults(store.db, [
      result('run-2', 'store.two', 'unique', '2026-05-03T08:00:00.000Z', { measured: 0 }),
      result('run-2', 'store.three', 'unique', '2026-05-03T08:00:00.000Z', { measured: 5, passed: false }),
    ])
    const two = await latestQualityResults(store.db, 'store.two')
    expect(two.map(({ ruleId, runId, measured, passed }) => ({ ruleId, runId, measured, passed }))).toEqual([
      // The rule that did not run again keeps its result of the earlier run.
      { ruleId: 'not-empty', runId: 'run-1', measured: 10, passed: true },
      { ruleId: 'unique', runId: 'run-2', measured: 0, passed: true },
    ])
    const every = (await latestQualityResults(store.db)).filter((row) => row.productId === 'store.two' || row.productId === 'store.three')
    expect(every.map(({ productId, ruleId, runId }) => `${productId} ${ruleId} ${runId}`)).toEqual([
      'store.three unique run-2',
      'store.two not-empty run-1',
      'store.two unique run-2',
    ])
  })

  it('are recorded in batches when a run has thousands of them', async () => {
    const many = Array.from({ length: 2_500 }, (_, index) => result('run-many', 'store.many', `rule-${String(index).padStart(4, '0')}`, '2026-05-04T00:00:00.000Z'))
    const before = store.statements.count
    await recordQualityResults(store.db, many)
    expect(store.statements.count - before).toBe(3)
    expect(await latestQualityResults(store.db, 'store.many')).toHaveLength(2_500)
  })
})
