// datamesh check: everything a data product change must pass before it merges, in one
// command with one summary table, for a developer's machine and for CI.
import type { SchemaFiles } from '@datamesh/gateway'
import type { CheckName, CheckStatus, QualityData, StepResult } from '../mesh/check-steps.js'
import { defineCommand } from '../command.js'
import { listOption } from '../options.js'
import { UsageError } from '../usage-error.js'

// Repeated from check-steps.ts so that --help and bad input do not load the mesh.
const CHECK_NAMES: readonly CheckName[] = ['compose', 'generated', 'contract', 'quality', 'tests']
const QUALITY_DATA: readonly QualityData[] = ['demo', 'configured']

interface CheckRow {
  readonly check: CheckName
  readonly status: CheckStatus
  readonly detail: string
  readonly ms: number
  readonly report?: readonly string[]
}

function table(rows: readonly CheckRow[]): string[] {
  const cells = rows.map((row) => [row.check, row.status.toUpperCase(), row.detail, `${(row.ms / 1000).toFixed(1)} s`])
  const header = ['check', 'status', 'detail', 'time']
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((row) => (row[column] as string).length)))
  const line = (row: readonly string[]) => row.map((cell, column) => (column === 3 ? cell.padStart(widths[3] as number) : cell.padEnd(widths[column] as number))).join('  ')
  return [line(header), ...cells.map(line)]
}

export const check = defineCommand({
  name: 'check',
  summary: 'run every check a change must pass: composition, generated files, contracts, quality, tests',
  usage: 'datamesh check [--base <git-ref>] [--domain <name>]... [--skip <check>]... [--quality-data demo|configured] [--json]',
  help: `Runs, in order, and prints one summary table (check, status, detail, time); exits 1
when any check fails. Progress goes to stderr, the table and the reports to stdout.

  compose     the domains compose into a supergraph that passes the governance lint, and
              the data product descriptors match it (datamesh compose)
  generated   schemas/ is what \`datamesh compose\` writes and contracts/ what
              \`datamesh contract export --all\` writes (with the default gateway URL)
  contract    no breaking change against --base (datamesh contract check): an intended
              one passes only when every product it breaks has a major version bump
              of its descriptor and, for a removed or retyped field, argument or enum
              value, the base had it @deprecated with a date in the reason (docs/ci.md)
  quality     the products' quality rules (datamesh quality). With --quality-data demo
              (the default) each domain is migrated and seeded with the demo data at
              scale 0.05 in an in-memory database: no server, no .data/, mesh up or
              down, nothing written; products derived from others (analytics) are not
              measured there. With configured, the rules run in the domains' own
              databases (DATABASE_URL, or .data/ whether the mesh runs or not); the
              results are not recorded (datamesh quality records them)
  tests       each domain's own tests: vitest run subgraphs/<domain>/test, in a child
              process; the table shows vitest's summary

compose, generated and contract always cover the whole mesh; --domain narrows quality
and tests. When compose fails, generated and contract are skipped.

Options:
  --base <git-ref>        what contract compares against (default HEAD: the working
                          tree's changes since the last commit; in CI, the target
                          branch, such as origin/main)
  --domain <name>         only this domain's quality rules and tests (repeat, or
                          separate names with commas)
  --skip <check>          leave a check out (repeat, or commas): ${CHECK_NAMES.join(', ')}
  --quality-data <where>  demo (default) or configured, as above
  --json                  one JSON object { base, passed, checks: [...] } instead of the table`,
  options: {
    base: { type: 'string' },
    domain: { type: 'string', multiple: true },
    skip: { type: 'string', multiple: true },
    'quality-data': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }) {
    const skip = listOption(values.skip)
    const unknown = skip.filter((name) => !CHECK_NAMES.includes(name as CheckName))
    if (unknown.length) throw new UsageError(`unknown check ${unknown.map((name) => `"${name}"`).join(', ')}; the checks are ${CHECK_NAMES.join(', ')}`)
    const qualityData = (values['quality-data'] ?? 'demo') as QualityData
    if (!QUALITY_DATA.includes(qualityData)) throw new UsageError(`--quality-data must be demo or configured, got "${String(values['quality-data'])}"`)
    const base = typeof values.base === 'string' ? values.base : 'HEAD'
    const runs = (name: CheckName) => !skip.includes(name)

    const { selectDomains } = await import('../mesh/domains.js')
    const domains = await selectDomains(listOption(values.domain))
    if (runs('contract')) {
      const { commitOf } = await import('../mesh/contracts.js')
      commitOf(base)
    }
    const steps = await import('../mesh/check-steps.js')

    const rows: CheckRow[] = []
    const skipped = (name: CheckName, why: string) => rows.push({ check: name, status: 'skip', detail: why, ms: 0 })
    const timed = async <T extends StepResult>(name: CheckName, step: () => Promise<T>): Promise<T | StepResult | undefined> => {
      if (!runs(name)) return void skipped(name, '--skip')
      console.error(`check ${name} ...`)
      const started = performance.now()
      let result: T | StepResult
      try {
        result = await step()
      } catch (error) {
        // A check that cannot run fails, and the others still run: CI gets the whole table.
        if (error instanceof UsageError) throw error
        const message = (error as Error).message
        result = { status: 'fail', detail: message.split('\n')[0] as string, report: message.split('\n') }
      }
      rows.push({ check: name, status: result.status, detail: result.detail, ms: performance.now() - started, ...(result.report ? { report: result.report } : {}) })
      return result
    }

    // generated and contract judge the composed supergraph, even when compose is not reported;
    // if it fails unreported (--skip compose), they fail rather than pass unjudged.
    const composed = (await timed('compose', steps.composeStep)) ?? (runs('generated') || runs('contract') ? await steps.composeStep() : undefined)
    const files = (composed as { files?: SchemaFiles } | undefined)?.files
    if (files) {
      await timed('generated', () => steps.generatedStep(files))
      await timed('contract', () => steps.contractStep(base, files['supergraph.graphql'] as string))
    } else {
      for (const name of ['generated', 'contract'] as const) {
        if (!runs(name)) skipped(name, '--skip')
        else if (runs('compose')) skipped(name, 'composition failed')
        else rows.push({ check: name, status: 'fail', detail: `composition failed: ${composed?.detail}`, ms: 0 })
      }
    }
    await timed('quality', () => steps.qualityStep(domains, qualityData))
    await timed('tests', () => steps.testsStep(domains))

    const failed = rows.filter((row) => row.status === 'fail')
    if (values.json) {
      console.log(JSON.stringify({ base, passed: failed.length === 0, checks: rows }))
    } else {
      for (const row of rows.filter((candidate) => candidate.report?.length)) {
        console.log(`${row.check}:`)
        for (const line of row.report ?? []) console.log(line.startsWith(' ') ? line : `  ${line}`)
        console.log('')
      }
      for (const line of table(rows)) console.log(line)
      console.log(failed.length ? `check failed: ${failed.map((row) => row.check).join(', ')}` : `check passed (base ${base})`)
    }
    return failed.length ? 1 : 0
  },
})
