// datamesh quality: measure the data products' quality rules in their domains' databases.
import type { QualityResult } from '@datamesh/products'
import { defineCommand } from '../command.js'
import { createProgress } from '../progress.js'
import { UsageError } from '../usage-error.js'

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 })
}

function formatAge(seconds: number): string {
  const magnitude = Math.abs(seconds)
  if (magnitude < 120) return `${seconds.toFixed(0)} s`
  if (magnitude < 7_200) return `${(seconds / 60).toFixed(1)} min`
  if (magnitude < 172_800) return `${(seconds / 3_600).toFixed(1)} h`
  return `${(seconds / 86_400).toFixed(1)} d`
}

export function formatMeasured(result: Pick<QualityResult, 'measured' | 'unit'>): string {
  if (result.measured === null) return '-'
  if (result.unit === 'seconds') return formatAge(result.measured)
  if (result.unit === 'percent') return `${result.measured.toFixed(2)} %`
  return `${formatNumber(result.measured)} ${result.measured === 1 ? 'row' : 'rows'}`
}

function table(results: readonly QualityResult[]): string[] {
  const header = ['product', 'rule', 'severity', 'measured', 'expectation', 'result', 'ms']
  const rows = results.map((result) => [
    result.productId,
    result.ruleId,
    result.severity,
    formatMeasured(result),
    result.expectation,
    result.passed ? 'PASS' : 'FAIL',
    result.durationMs.toFixed(0),
  ])
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell.padStart(widths[column] as number) : cell.padEnd(widths[column] as number)))
      .join('  ')
  const lines = [line(header)]
  results.forEach((result, index) => {
    lines.push(line(rows[index] as string[]))
    if (result.error) lines.push(`  ${result.productId} ${result.ruleId}: ${result.error}`)
  })
  return lines
}

function summary(results: readonly QualityResult[], products: number, milliseconds: number): string {
  const failed = results.filter((result) => !result.passed)
  const bySeverity = (['error', 'warning', 'info'] as const)
    .map((severity) => [severity, failed.filter((result) => result.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}${count === 1 ? '' : 's'}`)
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`
  return (
    `${plural(products, 'product')}, ${plural(results.length, 'rule')}: ${results.length - failed.length} passed, ${failed.length} failed` +
    `${bySeverity.length ? ` (${bySeverity.join(', ')})` : ''} in ${(milliseconds / 1000).toFixed(1)} s`
  )
}

export const quality = defineCommand({
  name: 'quality',
  summary: "measure the data products' quality rules in their domains' databases",
  usage: 'datamesh quality [<product-id>...] [--json]',
  help: `Runs the quality rules of every data product (or of the products named, such as
customers.profiles), each as one aggregate SQL statement in the database of the domain
that owns the product, and judges each measured value against the rule's expectation.
Prints a line per rule and a summary, and records the results in the governance store,
where the catalog shows each rule's latest result. Rules are written in the products'
descriptors (subgraphs/<domain>/products/*.yaml); docs/quality.md describes them. Works
whether the mesh is running or not.

Exit codes: 0 when every rule of severity error passed (failed warnings and info rules
are reported but do not fail the run), 1 when one failed or could not run, 2 on bad
input (an unknown product id).

Options:
  --json   one JSON object per result instead of the table`,
  options: { json: { type: 'boolean' } },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY },
  async run({ values, positionals }) {
    const { loadProducts, recordQualityResults, runFailed, runQuality } = await import('@datamesh/products')
    const { openGovernanceStore } = await import('@datamesh/governance')
    const { loadDomains } = await import('../mesh/domains.js')
    const all = loadProducts((await loadDomains()).map((domain) => domain.name))
    const named = [...new Set(positionals)]
    const unknown = named.filter((id) => !all.some((product) => product.id === id))
    if (unknown.length) throw new UsageError(`unknown product ${unknown.join(', ')}; the products are ${all.map((product) => product.id).join(', ')}`)
    const products = named.length ? all.filter((product) => named.includes(product.id)) : all

    const progress = createProgress()
    const total = products.reduce((sum, product) => sum + product.quality.length, 0)
    let done = 0
    const run = await runQuality(products, {
      database: { onWait: (message) => console.error(message) },
      onRule: ({ product, rule, result }) => {
        if (result) done++
        else progress.update(`${product.id} ${rule.id}`, done, total)
      },
    })

    // progress.done clears the live line on a terminal before the first line of output.
    const output = values.json ? run.results.map((result) => JSON.stringify(result)) : table(run.results)
    const [first, ...rest] = output
    if (first !== undefined) progress.done(first)
    for (const line of rest) console.log(line)

    const store = await openGovernanceStore({ role: 'cli', onWait: (message) => console.error(message) })
    try {
      await recordQualityResults(store.db, run.results)
    } finally {
      await store.close()
    }
    const line = `${summary(run.results, products.length, run.durationMs)}; recorded as run ${run.runId}`
    if (values.json) console.error(line)
    else console.log(line)
    return runFailed(run.results) ? 1 : 0
  },
})
