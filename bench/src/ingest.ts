// The ingest workload: `datamesh ingest` of a customers-like CSV of a million rows into the
// customers table, on PGlite and on PostgreSQL, each load in a process of its own so its
// peak memory can be read from /proc. A tenth of the rows is loaded too: the peak must not
// grow with the file. The file is generated once, deterministically, under .data/bench/.
import { spawn } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { createInterface } from 'node:readline'
import { dataDirectory, withDatabase } from '@datamesh/kit'
import type { Engine } from './mesh.js'
import { DATAMESH_BIN, peakRssOf } from './processes.js'

export interface IngestMeasurement {
  readonly engine: Engine
  readonly rows: number
  readonly fileMb: number
  /** The load as the command timed it, from opening the database to the commit. */
  readonly seconds: number
  readonly rowsPerSecond: number
  /** The whole process, start-up (loading the CLI) included. */
  readonly processSeconds: number
  readonly peakRssMb: number
}

const SEGMENTS = ['CONSUMER', 'SMALL_BUSINESS', 'ENTERPRISE']
const COUNTRIES = ['US', 'DE', 'GB', 'FR', 'ES', 'IT', 'NL', 'PL']

function customerLine(id: number): string {
  const phone = id % 3 ? `+49 30 ${1_000_000 + id}` : ''
  const birth = `19${50 + (id % 50)}-${String(1 + (id % 12)).padStart(2, '0')}-${String(1 + (id % 28)).padStart(2, '0')}`
  return `${id},Customer ${id},customer${id}@example.com,${phone},${birth},${COUNTRIES[id % 8]},${SEGMENTS[id % 3]},${id % 2 ? 'true' : 'false'}\n`
}

/** The customers CSV of `rows` rows, generated once. */
export async function customersCsv(rows: number): Promise<string> {
  const directory = join(dataDirectory(), 'bench', 'ingest')
  mkdirSync(directory, { recursive: true })
  const path = join(directory, `customers-${rows}.csv`)
  if (existsSync(path)) return path
  const partial = `${path}.${process.pid}`
  const out = createWriteStream(partial)
  out.write('id,name,email,phone,birth_date,country,segment,marketing_consent\n')
  for (let id = 1; id <= rows; id++) if (!out.write(customerLine(id))) await once(out, 'drain')
  out.end()
  await finished(out)
  renameSync(partial, path)
  return path
}

function envFor(engine: Engine, postgresUrl: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' }
  delete env.DATABASE_URL
  if (engine === 'postgres') {
    env.CUSTOMERS_DATABASE_URL = withDatabase(postgresUrl!, 'datamesh_bench_ingest_customers')
    env.GOVERNANCE_DATABASE_URL = withDatabase(postgresUrl!, 'datamesh_bench_ingest_governance')
  } else {
    const directory = join(dataDirectory(), 'bench', 'ingest', 'data')
    // A fresh embedded database each time: PGlite's data directory does not shrink.
    rmSync(directory, { recursive: true, force: true })
    env.DATAMESH_DATA_DIR = directory
  }
  return env
}

/** Runs `datamesh ingest ... --mode replace` to its end, sampling its peak RSS every 20 ms. */
export async function measureIngest(engine: Engine, file: string, rows: number, fileBytes: number, postgresUrl: string | undefined, log: (line: string) => void): Promise<IngestMeasurement> {
  const started = performance.now()
  const child = spawn(process.execPath, [DATAMESH_BIN, 'ingest', 'customers.customers', file, '--mode', 'replace'], { env: envFor(engine, postgresUrl), stdio: ['ignore', 'pipe', 'pipe'] })
  let peak = 0
  const sample = setInterval(() => {
    try {
      peak = Math.max(peak, peakRssOf(child.pid!))
    } catch {
      // it has just exited
    }
  }, 20)
  const output: string[] = []
  createInterface({ input: child.stdout! }).on('line', (line) => output.push(line))
  createInterface({ input: child.stderr! }).on('line', (line) => output.push(line))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  clearInterval(sample)
  const processSeconds = (performance.now() - started) / 1000
  const summary = output.find((line) => /^customers\.customers: [\d,]+ rows? loaded/.test(line))
  if (code !== 0 || !summary) throw new Error(`datamesh ingest on ${engine} failed (exit ${code}):\n${output.slice(-10).map((line) => `  ${line}`).join('\n')}`)
  log(`  ${engine}: ${summary}`)
  const seconds = Number(/ in ([\d.]+) s,/.exec(summary)?.[1])
  return { engine, rows, fileMb: fileBytes / 2 ** 20, seconds, rowsPerSecond: rows / seconds, processSeconds, peakRssMb: peak / 2 ** 20 }
}
