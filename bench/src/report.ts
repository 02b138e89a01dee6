// The bench's results as a terminal table, Markdown and JSON, and the issue's targets,
// each judged met or not from the figures (or "not measured" when the run left it out).
import { execFileSync } from 'node:child_process'
import { cpus, release, totalmem } from 'node:os'
import { BASELINE, CONTENDER_LABELS } from './contenders.js'
import type { BenchResults, Measurement } from './run.js'

export interface Verdict {
  readonly target: string
  readonly measured: string
  readonly met: boolean | undefined
}

export interface Machine {
  readonly cpu: string
  readonly cores: number
  readonly memoryGiB: number
  readonly node: string
  readonly kernel: string
  readonly commit: string
  readonly date: string
}

export function machine(): Machine {
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    // not a git checkout
  }
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: `Linux ${release()}`,
    commit,
    date: new Date().toISOString(),
  }
}

const geometricMean = (values: readonly number[]): number => Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length)
const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a')

function find(results: BenchResults, workload: Measurement['workload'], operation: string, contender: string, data?: string): Measurement | undefined {
  return results.measurements.find((m) => m.workload === workload && m.operation === operation && m.contender === contender && (data === undefined || m.data === data))
}

function ratios(results: BenchResults, workload: Measurement['workload'], of: string, to: string): { operation: string; ratio: number }[] {
  return results.measurements
    .filter((m) => m.workload === workload && m.contender === of)
    .flatMap((m) => {
      const other = find(results, workload, m.operation, to, m.data)
      return other && other.requestsPerSecond > 0 ? [{ operation: m.operation, ratio: m.requestsPerSecond / other.requestsPerSecond }] : []
    })
}

export function verdicts(results: BenchResults): Verdict[] {
  const out: Verdict[] = []
  const overhead = ratios(results, 'mesh', 'datamesh', 'datamesh-open')
  out.push(
    overhead.length
      ? {
          target: 'governance on ≥ 0.95 × governance off (mesh workload, geometric mean)',
          measured: `${fixed(geometricMean(overhead.map((r) => r.ratio)))} (${overhead.map((r) => `${r.operation} ${fixed(r.ratio)}`).join(', ')})`,
          met: geometricMean(overhead.map((r) => r.ratio)) >= 0.95,
        }
      : { target: 'governance on ≥ 0.95 × governance off', measured: 'not measured', met: undefined },
  )
  const policy = results.policyEvaluation
  out.push({
    target: 'policy evaluation of one request p99 < 1 ms',
    measured: policy ? `p99 ${fixed(policy.p99Ms, 3)} ms, p50 ${fixed(policy.p50Ms, 3)} ms over ${policy.count} requests` : 'not measured',
    met: policy ? policy.p99Ms < 1 : undefined,
  })
  for (const workload of ['public', 'mesh'] as const) {
    const versus = ratios(results, workload, 'datamesh', 'hive-router')
    const mean = versus.length ? geometricMean(versus.map((r) => r.ratio)) : NaN
    out.push({
      target: `DataMesh (governance on) ≥ Hive Gateway + Rust planner, ${workload} workload`,
      measured: versus.length ? `${fixed(mean)} × (${versus.map((r) => `${r.operation} ${fixed(r.ratio)}`).join(', ')})` : 'not measured',
      met: versus.length ? mean >= 1 : undefined,
    })
  }
  const scaled = results.measurements.filter((m) => m.workload === 'scale' && m.data.endsWith(' scale 100'))
  const growth = scaled.flatMap((big) => {
    const small = find(results, 'scale', big.operation, big.contender, big.data.replace(/ scale 100$/, ' scale 1'))
    return small ? [{ label: `${big.data.split(' ')[0]} ${big.operation}`, ratio: big.p50Ms / small.p50Ms }] : []
  })
  out.push({
    target: 'paginated p50 latency at scale 100 ≤ 1.3 × at scale 1',
    measured: growth.length ? growth.map((g) => `${g.label} ${fixed(g.ratio)} ×`).join(', ') : 'not measured',
    met: growth.length ? growth.every((g) => g.ratio <= 1.3) : undefined,
  })
  const ingested = results.ingest ?? []
  const largest = Math.max(0, ...ingested.map((m) => m.rows))
  const onPostgres = ingested.find((m) => m.engine === 'postgres' && m.rows === largest)
  out.push({
    target: 'ingest ≥ 50,000 rows/s on PostgreSQL (the largest file)',
    measured: onPostgres ? `${fixed(onPostgres.rowsPerSecond, 0)} rows/s for ${onPostgres.rows.toLocaleString('en-US')} rows` : 'not measured',
    met: onPostgres ? onPostgres.rowsPerSecond >= 50_000 : undefined,
  })
  const ingestPeak = Math.max(0, ...ingested.map((m) => m.peakRssMb))
  out.push({
    target: 'ingest peak RSS < 300 MB whatever the file size',
    measured: ingested.length ? ingested.map((m) => `${m.engine} ${m.rows.toLocaleString('en-US')} rows ${fixed(m.peakRssMb, 0)} MB`).join(', ') : 'not measured',
    met: ingested.length ? ingestPeak < 300 : undefined,
  })
  const governed = results.measurements.filter((m) => m.contender === 'datamesh')
  const peak = Math.max(...governed.map((m) => m.peakRssMb))
  out.push({
    target: 'gateway peak RSS under load < 300 MB',
    measured: governed.length ? `${fixed(peak, 0)} MB` : 'not measured',
    met: governed.length ? peak < 300 : undefined,
  })
  return out
}

interface Row {
  readonly cells: string[]
}

const HEADER = ['workload', 'operation', 'contender', 'req/s', `× ${BASELINE}`, 'p50 ms', 'p99 ms', 'CPU cores', 'peak RSS MB', 'failed', 'bytes']

function rows(results: BenchResults): Row[] {
  return results.measurements.map((m) => {
    const baseline = find(results, m.workload, m.operation, BASELINE, m.data)
    return {
      cells: [
        m.workload === 'public' ? 'public' : m.data,
        m.operation,
        CONTENDER_LABELS[m.contender],
        fixed(m.requestsPerSecond, 0),
        baseline ? fixed(m.requestsPerSecond / baseline.requestsPerSecond) : '',
        fixed(m.p50Ms, 0),
        fixed(m.p99Ms, 0),
        fixed(m.cpuCores),
        fixed(m.peakRssMb, 0),
        String(m.failures),
        String(m.responseBytes),
      ],
    }
  })
}

const INGEST_HEADER = ['ingest', 'rows', 'file MB', 's (load)', 'rows/s', 's (process)', 'peak RSS MB']

function ingestRows(results: BenchResults): string[][] {
  return (results.ingest ?? []).map((m) => [m.engine, m.rows.toLocaleString('en-US'), fixed(m.fileMb, 0), fixed(m.seconds, 1), fixed(m.rowsPerSecond, 0), fixed(m.processSeconds, 1), fixed(m.peakRssMb, 0)])
}

const mark = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? 'MET' : 'NOT MET')

function ingestTable(results: BenchResults): string[] {
  const table = [INGEST_HEADER, ...ingestRows(results)]
  if (table.length === 1) return []
  const widths = INGEST_HEADER.map((_, column) => Math.max(...table.map((cells) => cells[column]!.length)))
  const line = (cells: string[]) => cells.map((cell, column) => (column ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ')
  return ['', line(table[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...table.slice(1).map(line)]
}

export function terminalReport(results: BenchResults, about: Machine): string {
  const table = [HEADER, ...rows(results).map((row) => row.cells)]
  const widths = HEADER.map((_, column) => Math.max(...table.map((cells) => cells[column]!.length)))
  const numeric = new Set([3, 4, 5, 6, 7, 8, 9, 10])
  const line = (cells: string[]) => cells.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ')
  const out = [
    `DataMesh bench (${results.settings.mode}) on ${about.cpu}, ${about.cores} cores, ${about.memoryGiB} GiB, Node ${about.node}, commit ${about.commit}`,
    `${results.settings.rounds} rounds × ${results.settings.seconds} s per contender and operation, ${results.settings.connections} connections (scale runs: ${results.settings.scaleConnections}); medians of the rounds`,
    '',
    ...(results.measurements.length ? [line(table[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...table.slice(1).map(line)] : []),
    ...ingestTable(results),
    '',
    'Targets:',
    ...verdicts(results).map((v) => `  [${mark(v.met)}] ${v.target}: ${v.measured}`),
    ...results.notes.map((note) => `note: ${note}`),
  ]
  return out.join('\n')
}

export function markdownReport(results: BenchResults, about: Machine): string {
  const escape = (cell: string) => cell.replaceAll('|', '\\|')
  return [
    `# DataMesh bench: ${results.settings.mode} run`,
    '',
    `${about.date.slice(0, 16).replace('T', ' ')} UTC, commit \`${about.commit}\`, ${about.cpu} (${about.cores} cores), ${about.memoryGiB} GiB, Node ${about.node}, ${about.kernel}.`,
    `${results.settings.rounds} rounds × ${results.settings.seconds} s per contender and operation, in turn (A B A B), ${results.settings.connections} connections (scale runs: ${results.settings.scaleConnections}); each figure is the median of the rounds. CPU is the cores the measured process used under load; peak RSS is its high-water mark over the whole run.`,
    '',
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map((_, column) => (column >= 3 ? '---:' : '---')).join(' | ')} |`,
    ...rows(results).map((row) => `| ${row.cells.map(escape).join(' | ')} |`),
    ...(results.ingest?.length
      ? [
          '',
          '## Ingest',
          '',
          '`datamesh ingest customers.customers <file> --mode replace`, each run in a process of its own; "s (load)" is the time the command reports (opening the database to the commit), "s (process)" includes loading the CLI; peak RSS is the process\'s VmHWM.',
          '',
          `| ${INGEST_HEADER.join(' | ')} |`,
          `| ${INGEST_HEADER.map((_, column) => (column ? '---:' : '---')).join(' | ')} |`,
          ...ingestRows(results).map((cells) => `| ${cells.join(' | ')} |`),
        ]
      : []),
    '',
    '## Targets',
    '',
    ...verdicts(results).map((v) => `- **${mark(v.met)}**: ${v.target}: ${v.measured}`),
    ...results.notes.map((note) => `- note: ${note}`),
    '',
  ].join('\n')
}

export function jsonReport(results: BenchResults, about: Machine): string {
  return `${JSON.stringify({ machine: about, ...results, verdicts: verdicts(results) }, null, 2)}\n`
}
