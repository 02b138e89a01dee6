// The bench itself: its options, its verdicts, and one real (short) run that starts the
// public workload's subgraphs, the DataMesh gateway and bare @apollo/gateway as processes,
// checks they answer alike and loads each with autocannon. Timing is never asserted here:
// only that the bench measures what it says it measures.
import { describe, expect, it } from 'vitest'
import { settingsFrom } from '../src/options.js'
import { verdicts } from '../src/report.js'
import { runBench, type BenchResults, type BenchSettings, type Measurement } from '../src/run.js'

describe('bench options', () => {
  it('runs every contender and workload by default, and a short subset with --quick', () => {
    const full = settingsFrom([], {})
    if (full === 'help') throw new Error('unexpected help')
    expect(full.settings).toMatchObject({ mode: 'full', rounds: 3, scales: [1, 10, 100], engines: ['pglite'], publicWorkload: true, ingestRows: 1_000_000 })
    expect(full.settings.contenders).toEqual(['datamesh', 'datamesh-open', 'apollo-gateway', 'hive-gateway', 'hive-router'])
    const quick = settingsFrom(['--quick'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' })
    if (quick === 'help') throw new Error('unexpected help')
    expect(quick.settings).toMatchObject({ mode: 'quick', rounds: 2, scales: [], meshOperations: ['orders-10', 'orders-only-100'], ingestRows: 0 })
    expect(quick.settings.engines).toEqual(['pglite', 'postgres'])
  })

  it('runs the ingest workload alone when asked', () => {
    const ingest = settingsFrom(['--workload', 'ingest', '--ingest-rows', '50000'], {})
    if (ingest === 'help') throw new Error('unexpected help')
    expect(ingest.settings).toMatchObject({ publicWorkload: false, meshOperations: [], scales: [], ingestRows: 50_000 })
  })

  it('names the results of a partial run after its workloads and contenders, never as the whole run', () => {
    const names = [[], ['--quick'], ['--workload', 'ingest'], ['--workload', 'public', '--only', 'datamesh,apollo-gateway']].map((argv) => {
      const parsed = settingsFrom(argv, {})
      if (parsed === 'help') throw new Error('unexpected help')
      return parsed.name
    })
    expect(names).toEqual(['full', 'quick', 'full-ingest', 'full-public-datamesh-apollo-gateway'])
  })

  it('refuses bad input with a message naming it', () => {
    expect(() => settingsFrom(['--only', 'nginx'], {})).toThrow(/unknown contender "nginx"; the contenders are datamesh, /)
    expect(() => settingsFrom(['--rounds', '0'], {})).toThrow('--rounds must be a positive integer, got "0"')
    expect(() => settingsFrom(['--workload', 'tpch'], {})).toThrow('unknown workload "tpch"')
    expect(() => settingsFrom(['--postgres', 'mysql://x'], {})).toThrow('--postgres must be a postgres:// URL')
    expect(() => settingsFrom(['--fast'], {})).toThrow(/Unknown option '--fast'/)
  })
})

function measurement(part: Partial<Measurement> & Pick<Measurement, 'workload' | 'operation' | 'contender'>): Measurement {
  return { data: 'pglite scale 1', rounds: [], requestsPerSecond: 100, p50Ms: 10, p99Ms: 20, cpuCores: 1, peakRssMb: 200, failures: 0, responseBytes: 1, ...part }
}

describe('bench verdicts', () => {
  it('judges each target from the figures, and says when one was not measured', () => {
    const results: BenchResults = {
      settings: settingsFrom([], {}) === 'help' ? (undefined as never) : (settingsFrom([], {}) as { settings: BenchSettings }).settings,
      measurements: [
        measurement({ workload: 'mesh', operation: 'orders-10', contender: 'datamesh', requestsPerSecond: 96 }),
        measurement({ workload: 'mesh', operation: 'orders-10', contender: 'datamesh-open', requestsPerSecond: 100 }),
        measurement({ workload: 'mesh', operation: 'orders-10', contender: 'hive-router', requestsPerSecond: 120 }),
        measurement({ workload: 'scale', operation: 'orders-100', contender: 'datamesh', data: 'pglite scale 1', p50Ms: 10 }),
        measurement({ workload: 'scale', operation: 'orders-100', contender: 'datamesh', data: 'pglite scale 100', p50Ms: 14, peakRssMb: 320 }),
      ],
      ingest: [
        { engine: 'pglite', rows: 100_000, fileMb: 9, seconds: 4, rowsPerSecond: 25_000, processSeconds: 6, peakRssMb: 180 },
        { engine: 'postgres', rows: 1_000_000, fileMb: 87, seconds: 16, rowsPerSecond: 62_500, processSeconds: 18, peakRssMb: 210 },
      ],
      policyEvaluation: { p50Ms: 0.02, p99Ms: 0.2, count: 1000 },
      notes: [],
    }
    const byTarget = Object.fromEntries(verdicts(results).map((verdict) => [verdict.target.split(' ').slice(0, 3).join(' '), verdict]))
    expect(byTarget['governance on ≥']).toMatchObject({ met: true, measured: '0.96 (orders-10 0.96)' })
    expect(byTarget['policy evaluation of']).toMatchObject({ met: true })
    expect(verdicts(results).filter((verdict) => verdict.target.includes('Rust planner')).map((verdict) => verdict.met)).toEqual([undefined, false])
    expect(byTarget['paginated p50 latency']).toMatchObject({ met: false, measured: 'pglite orders-100 1.40 ×' })
    expect(byTarget['gateway peak RSS']).toMatchObject({ met: false, measured: '320 MB' })
    expect(byTarget['ingest ≥ 50,000']).toMatchObject({ met: true, measured: '62500 rows/s for 1,000,000 rows' })
    expect(byTarget['ingest peak RSS']).toMatchObject({ met: true, measured: 'pglite 100,000 rows 180 MB, postgres 1,000,000 rows 210 MB' })
  })
})

describe('a bench run', () => {
  it('loads the DataMesh gateway and bare @apollo/gateway in turn over the public workload', async () => {
    const parsed = settingsFrom(['--workload', 'public', '--only', 'datamesh,apollo-gateway', '--rounds', '2', '--seconds', '1', '--port', '7600'], {})
    if (parsed === 'help') throw new Error('unexpected help')
    const lines: string[] = []
    const results = await runBench({ ...parsed.settings, warmupSeconds: 0, connections: 4 }, (line) => lines.push(line))
    expect(results.measurements.map((m) => [m.workload, m.operation, m.contender])).toEqual([
      ['public', 'TestQuery', 'datamesh'],
      ['public', 'TestQuery', 'apollo-gateway'],
    ])
    for (const m of results.measurements) {
      expect(m.rounds).toHaveLength(2)
      expect(m.failures).toBe(0)
      expect(m.requestsPerSecond).toBeGreaterThan(0)
      expect(m.responseBytes).toBeGreaterThan(80_000)
      expect(m.peakRssMb).toBeGreaterThan(0)
      expect(m.cpuCores).toBeGreaterThan(0)
    }
    // A B A B: the rounds alternate between the contenders.
    expect(lines.filter((line) => line.includes('round ')).map((line) => /round (\d)\/2\s+TestQuery\s+(\S+)/.exec(line)?.slice(1).join(' '))).toEqual([
      '1 datamesh',
      '1 apollo-gateway',
      '2 datamesh',
      '2 apollo-gateway',
    ])
    expect(lines.join('\n')).toMatch(/apollo-gateway: 8\d{4} bytes, same data as datamesh/)
  }, 120_000)
})
