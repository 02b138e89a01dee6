// The checks of `datamesh check`, one function each, every one reusing what the command it
// stands for does (compose, compose --check and contract export --all --check, contract
// check, quality, the domains' tests) and returning a verdict, a one-line detail and, when
// there is more to say, the report lines that explain it.
import type { SchemaFiles } from '@datamesh/gateway'
import type { DomainDefinition } from '@datamesh/kit'
import type { QualityResult } from '@datamesh/products'
import { formatMeasured } from '../commands/quality.js'
import { createProgress } from '../progress.js'

export const CHECKS = ['compose', 'generated', 'contract', 'quality', 'tests'] as const
export type CheckName = (typeof CHECKS)[number]
export type CheckStatus = 'pass' | 'fail' | 'skip'

export interface StepResult {
  readonly status: CheckStatus
  readonly detail: string
  /** What explains the verdict: the problems, the stale files, the breaking changes, the failed rules. */
  readonly report?: readonly string[]
}

export const QUALITY_DATA = ['demo', 'configured'] as const
export type QualityData = (typeof QUALITY_DATA)[number]

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`

/** Composition with the governance lint and the descriptors' validation (`datamesh compose`). */
export async function composeStep(): Promise<StepResult & { files?: SchemaFiles }> {
  const { CompositionError, subgraphsOf } = await import('@datamesh/gateway')
  const { DescriptorError } = await import('@datamesh/products')
  const { composeMesh } = await import('./compose-mesh.js')
  try {
    const files = await composeMesh()
    const subgraphs = subgraphsOf(files['supergraph.graphql'] as string)
    return { status: 'pass', detail: `${plural(subgraphs.length, 'subgraph')} composed; governance lint and product descriptors pass`, files }
  } catch (error) {
    if (error instanceof CompositionError) return { status: 'fail', detail: `${plural(error.problems.length, 'problem')}: ${error.problems[0]}`, report: error.problems }
    if (error instanceof DescriptorError) return { status: 'fail', detail: error.message, report: [error.message] }
    throw error
  }
}

/** The committed generated files: schemas/ as `datamesh compose` writes it, contracts/ as `datamesh contract export --all` does. */
export async function generatedStep(files: SchemaFiles): Promise<StepResult> {
  const { staleSchemaFiles } = await import('@datamesh/gateway')
  const { gatewayUrl } = await import('@datamesh/kit')
  const { exportWorkingTreeContracts, staleContractFiles } = await import('./contracts.js')
  const report: string[] = []
  const staleSchemas = staleSchemaFiles(files).map((name) => `schemas/${name}`)
  if (staleSchemas.length) report.push(`stale: ${staleSchemas.join(', ')}; run \`npx datamesh compose\` and commit the result`)
  let contracts = 0
  try {
    // The committed contracts name the default gateway, whatever this shell's GATEWAY_PORT says.
    const exported = exportWorkingTreeContracts(gatewayUrl({}))
    contracts = exported.length
    const staleContracts = staleContractFiles(exported).map((name) => `contracts/${name}`)
    if (staleContracts.length) report.push(`stale: ${staleContracts.join(', ')}; run \`npx datamesh contract export --all\` and commit the result`)
  } catch (error) {
    report.push(`contracts/ cannot be exported from the committed schemas/supergraph.graphql: ${(error as Error).message}`)
  }
  if (report.length) return { status: 'fail', detail: report.map((line) => line.split(';')[0]).join('; '), report }
  return { status: 'pass', detail: `schemas/ (${plural(Object.keys(files).length, 'file')}) and contracts/ (${plural(contracts, 'contract')}) up to date` }
}

/** Breaking changes of the working tree against `base` (`datamesh contract check`). */
export async function contractStep(base: string, supergraphSdl: string): Promise<StepResult> {
  const { gatewayUrl } = await import('@datamesh/kit')
  const { checkContracts } = await import('./contract-check.js')
  const check = await checkContracts(base, gatewayUrl({}), supergraphSdl)
  const verdict = check.lines.at(-1) as string
  return { status: check.refused.length ? 'fail' : 'pass', detail: verdict, ...(check.lines.length > 1 ? { report: check.lines.slice(0, -1) } : {}) }
}

function failedRule(result: QualityResult): string {
  return `${result.productId} ${result.ruleId} (${result.severity}): measured ${formatMeasured(result)}, expected ${result.expectation}${result.error ? `: ${result.error}` : ''}`
}

/** The quality rules of the domains' products (`datamesh quality`), on the demo data or on the configured databases. */
export async function qualityStep(domains: readonly DomainDefinition[], data: QualityData): Promise<StepResult> {
  const { loadProducts, runFailed, runQuality } = await import('@datamesh/products')
  const { demoMeasurable, DEMO_SCALE, runQualityOnDemoData } = await import('./demo-quality.js')
  const all = loadProducts(domains.map((domain) => domain.name)).filter((product) => product.quality.length > 0)
  const products = data === 'demo' ? all.filter((product) => demoMeasurable(product, domains)) : all
  const derived = all.filter((product) => !products.includes(product)).map((product) => product.id)
  const unmeasured = derived.length ? `; derived, not measured: ${derived.join(', ')}` : ''
  if (products.length === 0) return { status: 'skip', detail: `no product with quality rules to measure${unmeasured}` }

  const progress = createProgress()
  const total = products.reduce((sum, product) => sum + product.quality.length, 0)
  let done = 0
  const onRule = ({ product, rule, result }: { product: { id: string }; rule: { id: string }; result?: QualityResult }) => {
    if (result) done++
    else progress.update(`quality ${product.id} ${rule.id}`, done, total)
  }
  const run =
    data === 'demo'
      ? await runQualityOnDemoData(products, domains, onRule, (domain) => progress.update(`quality: seeding ${domain}'s demo data`, done, total))
      : await runQuality(products, { database: { onWait: (message) => console.error(message) }, onRule })
  if (process.stderr.isTTY) process.stderr.write('\r\u001b[2K')

  const failed = run.results.filter((result) => !result.passed)
  const errors = failed.filter((result) => result.severity === 'error').length
  const where = data === 'demo' ? `on demo data (scale ${DEMO_SCALE})` : "in the domains' databases"
  const outcome = `${run.results.length - failed.length}/${plural(run.results.length, 'rule')} of ${plural(products.length, 'product')} passed ${where}`
  const failures = failed.length ? `; failed: ${plural(errors, 'error')}, ${failed.length - errors} warning or info` : ''
  return {
    status: runFailed(run.results) ? 'fail' : 'pass',
    detail: `${outcome}${failures}${unmeasured}`,
    ...(failed.length ? { report: failed.map(failedRule) } : {}),
  }
}

/** Each domain's own tests, in a vitest child process. */
export async function testsStep(domains: readonly DomainDefinition[]): Promise<StepResult> {
  const { repositoryRoot } = await import('@datamesh/kit')
  const { domainTestFolders, runDomainTests } = await import('./domain-tests.js')
  const folders = domainTestFolders(repositoryRoot, domains.map((domain) => domain.name))
  if (folders.length === 0) return { status: 'skip', detail: 'no subgraphs/<domain>/test folder among the selected domains' }
  console.error(`  vitest run ${folders.join(' ')}`)
  const run = await runDomainTests(repositoryRoot, folders, (line) => console.error(`  | ${line}`))
  return { status: run.passed ? 'pass' : 'fail', detail: run.summary }
}
