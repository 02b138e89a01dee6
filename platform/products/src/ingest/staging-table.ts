// Where the rows of a load are written as the file is read: straight into the domain's table
// when nothing needs every row at once, else into a temporary staging table, with the line
// of the file each came from, until every row is checked (the table disappears with the
// transaction). COPY FROM STDIN streams them on a PostgreSQL server, batches of `unnest`
// arrays go elsewhere.
import { once } from 'node:events'
import { finished } from 'node:stream/promises'
import type { Writable } from 'node:stream'
import type { LoadSession } from './load-session.js'
import type { ColumnContract } from './table-contract.js'

export const STAGING = 'datamesh_ingest_staging'
export const REJECTS = 'datamesh_ingest_rejects'

/** Rows per batch where there is no COPY: one statement per batch, parsed once. */
const BATCH_ROWS = 1_000
/** Characters of COPY data sent at once. */
const COPY_CHUNK = 1 << 18

export function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

export interface RowWriter {
  write(line: number, values: readonly (string | null)[]): Promise<void> | void
  close(): Promise<void>
  /** Stops a load half way: a COPY in progress must fail before the transaction can roll back. */
  abort(): Promise<void>
}

export async function createStaging(session: LoadSession, columns: readonly ColumnContract[]): Promise<void> {
  const definitions = columns.map((column) => `${quoteName(column.name)} ${column.type}`)
  await session.query(`create temporary table ${STAGING} (line bigint not null, ${definitions.join(', ')}) on commit drop`)
  await session.query(`create temporary table ${REJECTS} (found bigserial, line bigint not null, column_name text, reason text not null) on commit drop`)
}

const COPY_SPECIAL = /[\\\t\n\r]/
const COPY_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

function copyText(value: string | null): string {
  if (value === null) return '\\N'
  return COPY_SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (character) => COPY_ESCAPES[character] as string) : value
}

function copyWriter(stream: Writable, withLine: boolean): RowWriter {
  let buffer = ''
  // The server's refusal (a DatabaseError with its SQLSTATE), not what writing to the stream it closed said after it.
  let refusal: Error | undefined
  stream.on('error', (error) => void (refusal ??= error))
  const send = async () => {
    const chunk = buffer
    buffer = ''
    try {
      if (!stream.write(chunk)) await once(stream, 'drain')
    } catch (error) {
      throw refusal ?? error
    }
  }
  return {
    write(line, values) {
      if (refusal) throw refusal
      buffer += withLine ? `${line}\t${values.map(copyText).join('\t')}\n` : `${values.map(copyText).join('\t')}\n`
      if (buffer.length >= COPY_CHUNK) return send()
    },
    async close() {
      if (buffer) await send()
      stream.end()
      await finished(stream).catch((error: unknown) => {
        throw refusal ?? error
      })
    },
    async abort() {
      // pg-copy-streams answers destroy() with CopyFail, after which the server is ready again.
      stream.destroy(new Error('the load was stopped'))
      await finished(stream).catch(() => undefined)
    },
  }
}

function batchWriter(session: LoadSession, table: string, columns: readonly ColumnContract[], withLine: boolean): RowWriter {
  const names = [...(withLine ? ['line'] : []), ...columns.map((column) => quoteName(column.name))].join(', ')
  const first = withLine ? 2 : 1
  const arrays = [...(withLine ? ['$1::bigint[]'] : []), ...columns.map((column, index) => `$${index + first}::${column.type}[]`)].join(', ')
  const statement = `insert into ${table} (${names}) select * from unnest(${arrays})`
  let lines: number[] = []
  let values: (string | null)[][] = columns.map(() => [])
  const flush = async () => {
    if (lines.length === 0) return
    const params = withLine ? [lines, ...values] : values
    lines = []
    values = columns.map(() => [])
    await session.query(statement, params)
  }
  return {
    write(line, row) {
      lines.push(line)
      for (let index = 0; index < row.length; index++) (values[index] as (string | null)[]).push(row[index] as string | null)
      if (lines.length >= BATCH_ROWS) return flush()
    },
    close: flush,
    abort: async () => undefined,
  }
}

/** Writes into the staging table, or with `table` (its name, quoted) straight into that table, without lines. */
export function rowWriter(session: LoadSession, columns: readonly ColumnContract[], table?: string): RowWriter {
  const withLine = table === undefined
  const into = table ?? STAGING
  if (!session.copyIn) return batchWriter(session, into, columns, withLine)
  const names = [...(withLine ? ['line'] : []), ...columns.map((column) => quoteName(column.name))].join(', ')
  return copyWriter(session.copyIn(`copy ${into} (${names}) from stdin`), withLine)
}
