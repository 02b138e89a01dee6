// Quality results in the governance store (table quality_results): each run appends one
// row per rule; the catalog shows each rule's latest.
import type { GovernanceDatabase } from '@datamesh/governance'
import type { Kysely, Selectable } from 'kysely'
import type { QualityMetric, QualityRule } from '../descriptor/data-product.js'
import type { QualityUnit } from './measure.js'
import type { QualityResult } from './run-quality.js'

/** Rows per insert: 16 parameters each stays far below Postgres's 65,535 per statement. */
const BATCH = 1_000

/** Appends results, in one statement per thousand. */
export async function recordQualityResults(db: Kysely<GovernanceDatabase>, results: readonly QualityResult[]): Promise<void> {
  for (let start = 0; start < results.length; start += BATCH) await insertBatch(db, results.slice(start, start + BATCH))
}

async function insertBatch(db: Kysely<GovernanceDatabase>, results: readonly QualityResult[]): Promise<void> {
  await db
    .insertInto('quality_results')
    .values(
      results.map((result) => ({
        run_id: result.runId,
        product_id: result.productId,
        product_version: result.productVersion,
        rule_id: result.ruleId,
        description: result.description,
        metric: result.metric,
        severity: result.severity,
        dimension: result.dimension,
        measured: result.measured,
        unit: result.unit,
        expectation: result.expectation,
        passed: result.passed,
        error: result.error,
        started_at: result.startedAt,
        finished_at: result.finishedAt,
        duration_ms: result.durationMs,
      })),
    )
    .execute()
}

function fromRow(row: Selectable<GovernanceDatabase['quality_results']>): QualityResult {
  return {
    runId: row.run_id,
    productId: row.product_id,
    productVersion: row.product_version,
    ruleId: row.rule_id,
    description: row.description,
    metric: row.metric as QualityMetric | 'sql',
    severity: row.severity,
    dimension: row.dimension as NonNullable<QualityRule['dimension']> | null,
    measured: row.measured,
    unit: row.unit as QualityUnit,
    expectation: row.expectation,
    passed: row.passed,
    error: row.error,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
  }
}

/**
 * The most recent result of each rule of each product (of one product when named), in
 * product then rule order. Rules that no longer exist keep their last result here; match
 * them against the descriptors to show only current rules.
 */
export async function latestQualityResults(db: Kysely<GovernanceDatabase>, productId?: string): Promise<QualityResult[]> {
  let query = db
    .selectFrom('quality_results')
    .selectAll()
    .distinctOn(['product_id', 'rule_id'])
    .orderBy('product_id')
    .orderBy('rule_id')
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
  if (productId !== undefined) query = query.where('product_id', '=', productId)
  return (await query.execute()).map(fromRow)
}
