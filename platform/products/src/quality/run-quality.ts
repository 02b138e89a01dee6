// Runs data products' quality rules in their domains' own databases and judges each
// measured value against the rule's expectation. Every rule costs one aggregate statement
// (plus one catalog lookup per product), never a statement per row. A rule that cannot be
// measured — a missing column, a malformed rule, a failing query — is a failed result that
// says why, never a crash of the run.
import { openDomainDatabase, type DomainDatabase, type OpenDatabaseOptions } from '@datamesh/kit'
import type { Kysely } from 'kysely'
import { randomUUID } from 'node:crypto'
import type { DataProduct, QualityMetric, QualityRule } from '../descriptor/data-product.js'
import { describeExpectation, expectationOf } from './expectation.js'
import { measureMetric, measureQuery, readTableCatalog, type QualityUnit, type TableCatalog } from './measure.js'

export interface QualityResult {
  readonly runId: string
  readonly productId: string
  readonly productVersion: string
  readonly ruleId: string
  readonly description: string
  readonly metric: QualityMetric | 'sql'
  readonly severity: QualityRule['severity']
  readonly dimension: NonNullable<QualityRule['dimension']> | null
  /** Null when the rule could not be measured. */
  readonly measured: number | null
  readonly unit: QualityUnit
  /** `mustBe 0`, `maxAge 60d`. */
  readonly expectation: string
  readonly passed: boolean
  /** Why the rule could not be measured. */
  readonly error: string | null
  readonly startedAt: Date
  readonly finishedAt: Date
  readonly durationMs: number
}

export interface RuleProgress {
  readonly product: DataProduct
  readonly rule: QualityRule
  /** Absent when the rule starts; present when it is done. */
  readonly result?: QualityResult
}

export interface QualityRunOptions {
  /** Groups the results of one run; a fresh UUID by default. */
  readonly runId?: string
  /** Judge freshness as of this moment instead of the database's clock. */
  readonly now?: Date
  /** Called when each rule starts and when it is done. */
  readonly onRule?: (progress: RuleProgress) => void
}

function unitOf(rule: QualityRule): QualityUnit {
  if (rule.metric === 'freshness') return 'seconds'
  return rule.unit ?? 'rows'
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function resultOf(
  runId: string,
  product: DataProduct,
  rule: QualityRule,
  startedAt: Date,
  started: number,
  outcome: { measured: number; unit: QualityUnit; expectation: string; passed: boolean } | { error: string },
): QualityResult {
  const failed = 'error' in outcome
  return {
    runId,
    productId: product.id,
    productVersion: product.version,
    ruleId: rule.id,
    description: rule.description,
    metric: rule.metric ?? 'sql',
    severity: rule.severity,
    dimension: rule.dimension ?? null,
    measured: failed ? null : outcome.measured,
    unit: failed ? unitOf(rule) : outcome.unit,
    expectation: failed ? describeExpectation(rule) : outcome.expectation,
    passed: failed ? false : outcome.passed,
    error: failed ? outcome.error : null,
    startedAt,
    finishedAt: new Date(),
    durationMs: performance.now() - started,
  }
}

async function runRule(db: Kysely<any>, product: DataProduct, rule: QualityRule, catalog: TableCatalog | Error, options: QualityRunOptions, runId: string): Promise<QualityResult> {
  const startedAt = new Date()
  const started = performance.now()
  try {
    const expectation = expectationOf(rule)
    let measurement
    if (rule.query !== undefined && rule.metric === undefined) measurement = await measureQuery(db, rule)
    else if (rule.metric === undefined) throw new Error('the rule has neither a metric nor a query')
    else if (catalog instanceof Error) throw catalog
    else measurement = await measureMetric(db, rule, catalog, product.domain, options.now)
    return resultOf(runId, product, rule, startedAt, started, {
      measured: measurement.value,
      unit: measurement.unit,
      expectation: expectation.text,
      passed: expectation.test(measurement.value),
    })
  } catch (error) {
    return resultOf(runId, product, rule, startedAt, started, { error: messageOf(error) })
  }
}

/** Runs one product's rules, in order, in the given database (the product's domain's own). */
export async function runProductRules(db: Kysely<any>, product: DataProduct, options: QualityRunOptions = {}): Promise<QualityResult[]> {
  const runId = options.runId ?? randomUUID()
  const tables = product.quality.filter((rule) => rule.metric !== undefined && rule.table).map((rule) => rule.table as string)
  let catalog: TableCatalog | Error
  try {
    catalog = await readTableCatalog(db, tables)
  } catch (error) {
    catalog = new Error(`could not read the tables of the ${product.domain} database: ${messageOf(error)}`)
  }
  const results: QualityResult[] = []
  for (const rule of product.quality) {
    options.onRule?.({ product, rule })
    const result = await runRule(db, product, rule, catalog, options, runId)
    results.push(result)
    options.onRule?.({ product, rule, result })
  }
  return results
}

export interface QualityRun {
  readonly runId: string
  readonly results: readonly QualityResult[]
  readonly startedAt: Date
  readonly durationMs: number
}

export interface RunQualityOptions extends QualityRunOptions {
  /** How each domain's database is opened (role, data directory, env); `role: 'cli'` by default. */
  readonly database?: OpenDatabaseOptions
  /** Opens a domain's database; openDomainDatabase by default. */
  readonly open?: (domain: string) => Promise<DomainDatabase<unknown>>
}

/**
 * Runs the rules of every given product, opening each domain's own database once. When a
 * domain's database cannot be opened, each of its rules is a failed result saying so.
 */
export async function runQuality(products: readonly DataProduct[], options: RunQualityOptions = {}): Promise<QualityRun> {
  const runId = options.runId ?? randomUUID()
  const startedAt = new Date()
  const started = performance.now()
  const open = options.open ?? ((domain: string) => openDomainDatabase<unknown>(domain, { role: 'cli', ...options.database }))
  const byDomain = new Map<string, DataProduct[]>()
  for (const product of products) byDomain.set(product.domain, [...(byDomain.get(product.domain) ?? []), product])
  const results: QualityResult[] = []
  for (const [domain, domainProducts] of byDomain) {
    let database: DomainDatabase<unknown>
    try {
      database = await open(domain)
    } catch (error) {
      const message = `could not open the ${domain} database: ${messageOf(error)}`
      for (const product of domainProducts) {
        for (const rule of product.quality) {
          options.onRule?.({ product, rule })
          const result = resultOf(runId, product, rule, new Date(), performance.now(), { error: message })
          results.push(result)
          options.onRule?.({ product, rule, result })
        }
      }
      continue
    }
    try {
      for (const product of domainProducts) results.push(...(await runProductRules(database.db as Kysely<any>, product, { ...options, runId })))
    } finally {
      await database.close()
    }
  }
  return { runId, results, startedAt, durationMs: performance.now() - started }
}

/** Whether a run fails: some rule of severity `error` did not pass (warnings and info never fail it). */
export function runFailed(results: readonly QualityResult[]): boolean {
  return results.some((result) => result.severity === 'error' && !result.passed)
}
