// The rows of a load wait in a temporary staging table, with the line of the file each came
// from, until every row is checked: COPY FROM STDIN streams them there on a PostgreSQL
// server, batches of `unnest` arrays elsewhere. The table disappears with the transaction.
import { once } from 'node:events'
import { finished } from 'node:stream/promises'
import type { Writable } from 'node:stream'
import type { LoadSession } from './load-session.js'
import type { ColumnContract } from './table-contract.js'

export const STAGING = 'datamesh_ingest_staging'
export const REJECTS = 'datamesh_ingest_rejects'

/** Rows per batch where there is no COPY: one statement per batch, parsed once. */
const BATCH_ROWS = 5_000
/** Characters of COPY data sent at once. */
const COPY_CHUNK = 1 << 18

export function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

export interface StagingWriter {
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

function copyWriter(stream: Writable): StagingWriter {
  let buffer = ''
  const send = async () => {
    const chunk = buffer
    buffer = ''
    if (!stream.write(chunk)) await once(stream, 'drain')
  }
  return {
    write(line, values) {
      buffer += `${line}\t${values.map(copyText).join('\t')}\n`
      if (buffer.length >= COPY_CHUNK) return send()
    },
    async close() {
      if (buffer) await send()
      stream.end()
      await finished(stream)
    },
    async abort() {
      // pg-copy-streams answers destroy() with CopyFail, after which the server is ready again.
      stream.destroy(new Error('the load was stopped'))
      await finished(stream).catch(() => undefined)
    },
  }
}

function batchWriter(session: LoadSession, columns: readonly ColumnContract[]): StagingWriter {
  const names = ['line', ...columns.map((column) => quoteName(column.name))].join(', ')
  const arrays = ['$1::bigint[]', ...columns.map((column, index) => `$${index + 2}::${column.type}[]`)].join(', ')
  const statement = `insert into ${STAGING} (${names}) select * from unnest(${arrays})`
  let lines: number[] = []
  let values: (string | null)[][] = columns.map(() => [])
  const flush = async () => {
    if (lines.length === 0) return
    const params = [lines, ...values]
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

export function stagingWriter(session: LoadSession, columns: readonly ColumnContract[]): StagingWriter {
  if (!session.copyIn) return batchWriter(session, columns)
  const names = ['line', ...columns.map((column) => quoteName(column.name))].join(', ')
  return copyWriter(session.copyIn(`copy ${STAGING} (${names}) from stdin`))
}
