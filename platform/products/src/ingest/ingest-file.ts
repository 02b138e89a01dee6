// Loads a CSV or JSON Lines file into a domain's table: every row validated against the
// table's contract, all rows in one transaction (all or nothing, or the bad ones set aside
// in a reject file), then the load recorded in the governance store for the catalog. Reads
// the file as a stream and writes in batches, so memory stays flat whatever its size.
//
// An append or a replace streams the rows straight into the table, the database checking
// keys while the file is still being read; only when the database refuses a row does the
// load go back and read the file again through a staging table, where SQL finds every line
// at fault. An upsert always stages: its rows are matched by key in one statement.
import { openGovernanceStore } from '@datamesh/governance'
import { migrateToLatest, openDomainDatabase, readRecords, RecordError, serverDatabaseUrl, type MigrationSet, type OpenDatabaseOptions, type SourceRecord } from '@datamesh/kit'
import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import { basename } from 'node:path'
import type { DataProduct } from '../descriptor/data-product.js'
import { loadProducts } from '../descriptor/load-products.js'
import { checkKeys } from './key-checks.js'
import { recordProductLoad, type ProductLoad } from './load-record.js'
import { withLoadSession, type LoadSession } from './load-session.js'
import { applyLoad, checkMode, clearForReplace, LoadModeError, moveSequences, type LoadMode } from './load-table.js'
import { productOfTable } from './product-of-table.js'
import { openRejectFile, type RejectFile } from './reject-file.js'
import { createStaging, quoteName, REJECTS, rowWriter, STAGING } from './staging-table.js'
import { readTableContract, TableError, type TableContract } from './table-contract.js'
import { ColumnsError, matchColumns, rowValidator } from './validate-row.js'

export interface IngestProgress {
  /** Rows read and accepted so far (loaded once the load commits). */
  readonly rows: number
  readonly rejected: number
  readonly bytesRead: number
  readonly totalBytes: number
  /** 2 when the file is read again after the database refused a row, to find the lines at fault. */
  readonly pass: 1 | 2
}

export interface IngestOptions {
  /** The domain's name, or its definition: its migrations are applied first. */
  readonly domain: string | { readonly name: string; readonly migrations?: MigrationSet }
  readonly table: string
  readonly file: string
  /** `append` (the default), `upsert` or `replace`. */
  readonly mode?: LoadMode
  /** Load the good rows and write the others here (.csv, else JSON Lines); without it one bad row aborts the load. */
  readonly rejectFile?: string
  readonly onProgress?: (progress: IngestProgress) => void
  /** Where the domain's database is (tests); defaults to the environment's. */
  readonly database?: OpenDatabaseOptions
  /** Where the governance store is; `false` records nothing. */
  readonly governance?: OpenDatabaseOptions | false
  /** The data products to find the table's among; defaults to the domain's descriptors. */
  readonly products?: readonly DataProduct[]
  readonly onWait?: (message: string) => void
}

/** What a load did: what the catalog records of it (the file by its path), and how it went. */
export interface IngestSummary extends Omit<ProductLoad, 'sourceFile'> {
  readonly file: string
  readonly durationMs: number
  readonly engine: 'pglite' | 'postgres'
  /** Set when the load committed but could not be recorded in the governance store. */
  readonly warning?: string
}

/** Why a load was refused before it wrote anything: the file, the table or the mode. */
export class IngestError extends Error {}

interface Streamed {
  readonly accepted: number
  readonly rejected: number
  /** The file's SHA-256, of what this pass read. */
  readonly sha256: string
}

async function streamRows(
  session: LoadSession,
  contract: TableContract,
  options: IngestOptions & { mode: LoadMode },
  into: 'table' | 'staging',
  pass: 1 | 2,
  onColumns: (columns: readonly string[]) => RejectFile | undefined,
): Promise<Streamed & { loaded: readonly string[] }> {
  const { file } = options
  const hash = createHash('sha256')
  let accepted = 0
  let rejected = 0
  let bytes = { read: 0, total: 0 }
  const records = readRecords(file, {
    onChunk: (chunk) => hash.update(chunk),
    onProgress: (read, total) => {
      bytes = { read, total }
      options.onProgress?.({ rows: accepted, rejected, bytesRead: read, totalBytes: total, pass })
    },
  })
  const first = await records.next()
  if (first.done) throw new RecordError(file, undefined, undefined, 'the file holds no rows')
  const fileColumns = Object.keys(first.value.values)
  let columns
  try {
    columns = matchColumns(contract, fileColumns)
  } catch (error) {
    if (error instanceof ColumnsError) throw new RecordError(file, 1, undefined, error.message)
    throw error
  }
  const loaded = columns.map((column) => column.name)
  await checkMode(session, contract, loaded, options.mode)
  if (into === 'staging') await createStaging(session, columns)
  else await clearForReplace(session, contract, options.mode)
  const rejects = onColumns(fileColumns)
  const writer = into === 'staging' ? rowWriter(session, columns) : rowWriter(session, columns, quoteName(contract.table))
  const validate = rowValidator(columns)
  const known = new Set(fileColumns)
  const refuse = async (record: SourceRecord, column: string | null, reason: string) => {
    if (!rejects) throw new RecordError(file, record.line, column ?? undefined, reason)
    rejected++
    await rejects.write({ line: record.line, column, reason, values: record.values })
  }
  const take = async (record: SourceRecord) => {
    const stray = Object.keys(record.values).find((key) => !known.has(key))
    if (stray !== undefined) {
      return refuse(record, stray, known.size ? `"${stray}" is not among the file's columns (${fileColumns.join(', ')}): every line needs the same keys` : 'unknown column')
    }
    const row = validate(record.values)
    if (row.problem) return refuse(record, row.problem.column, row.problem.reason)
    accepted++
    await writer.write(record.line, row.values)
  }
  try {
    await take(first.value)
    for await (const record of records) await take(record)
  } catch (error) {
    await writer.abort()
    throw error
  }
  await writer.close()
  options.onProgress?.({ rows: accepted, rejected, bytesRead: bytes.total, totalBytes: bytes.total, pass })
  return { accepted, rejected, loaded, sha256: hash.digest('hex') }
}

/** Rows the key checks refused (each once, for the first check it failed): the first aborts the load, or all go to the reject file. */
async function setAsideKeyRejects(session: LoadSession, file: string, rejects: RejectFile | undefined): Promise<number> {
  const page = 1_000
  let after = 0
  let count = 0
  for (;;) {
    const { rows } = await session.query<{ line: string | number; column_name: string | null; reason: string; row: Record<string, unknown> }>(
      `select r.line, r.column_name, r.reason, row_to_json(s) as row
       from (select distinct on (line) line, column_name, reason from ${REJECTS} order by line, found) r
       join ${STAGING} s on s.line = r.line
       where r.line > $1 order by r.line limit ${page}`,
      [after],
    )
    for (const row of rows) {
      const line = Number(row.line)
      if (!rejects) throw new RecordError(file, line, row.column_name ?? undefined, row.reason)
      const { line: _line, ...values } = typeof row.row === 'string' ? (JSON.parse(row.row) as Record<string, unknown>) : row.row
      await rejects.write({ line, column: row.column_name, reason: row.reason, values })
      count++
      after = line
    }
    if (rows.length < page) break
  }
  await session.query(`delete from ${STAGING} s using ${REJECTS} r where s.line = r.line`)
  return count
}

/** Why the database refused rows: a key, a foreign key, a check, a required value (class 23), or a key twice in one upsert. */
function isRowRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && (code.startsWith('23') || code === '21000')
}

/**
 * Moves the staged rows into the table, trusting the table's own keys to refuse a bad one:
 * a million good rows then cost no check of their own. When the database refuses, the
 * load goes back to the savepoint and the key checks find the lines at fault, which abort
 * the load or go to the reject file before the good rows are moved again.
 */
async function loadChecked(
  session: LoadSession,
  contract: TableContract,
  loaded: readonly string[],
  mode: LoadMode,
  file: string,
  rejects: RejectFile | undefined,
): Promise<{ rows: number; rejected: number }> {
  await session.query('savepoint datamesh_ingest_load')
  try {
    return { rows: await applyLoad(session, contract, loaded, mode), rejected: 0 }
  } catch (error) {
    if (!isRowRefusal(error)) throw error
    await session.query('rollback to savepoint datamesh_ingest_load')
    await session.query(`analyze ${STAGING}`)
    if ((await checkKeys(session, contract, loaded, mode)) === 0) throw new IngestError(`${contract.table}: the database refused the rows: ${(error as Error).message}`)
    const rejected = await setAsideKeyRejects(session, file, rejects)
    return { rows: await applyLoad(session, contract, loaded, mode), rejected }
  }
}

/** Loads `file` into `<domain>.<table>`; throws a RecordError naming file:line:column when a row aborts it. */
export async function ingestFile(options: IngestOptions): Promise<IngestSummary> {
  const mode = options.mode ?? 'append'
  const domain = typeof options.domain === 'string' ? options.domain : options.domain.name
  const migrations = typeof options.domain === 'string' ? undefined : options.domain.migrations
  const bytes = statSync(options.file, { throwIfNoEntry: false })?.size
  if (bytes === undefined) throw new RecordError(options.file, undefined, undefined, 'no such file')
  const products = options.products ?? loadProducts([domain])
  const product = productOfTable(products, domain, options.table)
  const startedAt = new Date()
  const started = performance.now()
  const database = await openDomainDatabase(domain, { role: 'cli', ...(options.onWait ? { onWait: options.onWait } : {}), ...options.database })
  let rejects: RejectFile | undefined
  let outcome: Streamed
  try {
    if (migrations) await migrateToLatest(database.db, migrations)
    const url = options.database?.url ?? serverDatabaseUrl(domain, options.database?.env)
    outcome = await withLoadSession(database, url, async (session) => {
      const contract = await readTableContract(session, options.table, product)
      const openRejects = (columns: readonly string[]) => {
        rejects = options.rejectFile ? openRejectFile(options.rejectFile, columns) : undefined
        return rejects
      }
      if (mode !== 'upsert') {
        await session.query('savepoint datamesh_ingest_direct')
        try {
          const direct = await streamRows(session, contract, { ...options, mode }, 'table', 1, openRejects)
          await moveSequences(session, contract, direct.loaded)
          return direct
        } catch (error) {
          if (!isRowRefusal(error)) throw error
          await session.query('rollback to savepoint datamesh_ingest_direct')
          await (rejects as RejectFile | undefined)?.close()
          rejects = undefined
        }
      }
      const streamed = await streamRows(session, contract, { ...options, mode }, 'staging', mode === 'upsert' ? 1 : 2, openRejects)
      const loaded = await loadChecked(session, contract, streamed.loaded, mode, options.file, rejects)
      return { accepted: loaded.rows, rejected: streamed.rejected + loaded.rejected, sha256: streamed.sha256 }
    })
  } catch (error) {
    if (error instanceof TableError || error instanceof LoadModeError) throw new IngestError(`${domain}.${options.table}: ${error.message}`)
    throw error
  } finally {
    await (rejects as RejectFile | undefined)?.close().catch(() => undefined)
    await database.close()
  }
  const finishedAt = new Date()
  const summary: IngestSummary = {
    domain,
    table: options.table,
    productId: product?.id ?? null,
    file: options.file,
    sha256: outcome.sha256,
    bytes,
    mode,
    rowsLoaded: outcome.accepted,
    rowsRejected: outcome.rejected,
    startedAt,
    finishedAt,
    durationMs: performance.now() - started,
    engine: database.engine,
  }
  if (options.governance === false) return summary
  try {
    const store = await openGovernanceStore({ role: 'cli', ...(options.onWait ? { onWait: options.onWait } : {}), ...options.governance })
    try {
      await recordProductLoad(store.db, {
        productId: summary.productId,
        domain,
        table: summary.table,
        sourceFile: basename(summary.file),
        sha256: summary.sha256,
        bytes,
        mode,
        rowsLoaded: summary.rowsLoaded,
        rowsRejected: summary.rowsRejected,
        startedAt,
        finishedAt,
      })
    } finally {
      await store.close()
    }
    return summary
  } catch (error) {
    return { ...summary, warning: `the rows are loaded, but the load could not be recorded in the governance store: ${(error as Error).message}` }
  }
}

