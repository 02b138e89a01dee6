// Where refused rows go with --reject-file: each with its line in the source file, the
// column at fault and the reason, then the row's values; CSV or JSON Lines as the reject
// file's extension says (.csv, else JSON Lines). Written as rows are refused, with
// backpressure, so a file full of bad rows costs no memory either.
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { extname } from 'node:path'
import { finished } from 'node:stream/promises'

export interface RejectedRow {
  readonly line: number
  readonly column: string | null
  readonly reason: string
  readonly values: Readonly<Record<string, unknown>>
}

export interface RejectFile {
  readonly path: string
  write(row: RejectedRow): Promise<void> | void
  close(): Promise<void>
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** `columns`: the source file's columns, in its order. */
export function openRejectFile(path: string, columns: readonly string[]): RejectFile {
  const stream = createWriteStream(path)
  const csv = extname(path).toLowerCase() === '.csv'
  const put = (text: string) => (stream.write(text) ? undefined : once(stream, 'drain').then(() => undefined))
  if (csv) put(`${['line', 'column', 'reason', ...columns].map(csvCell).join(',')}\n`)
  return {
    path,
    write({ line, column, reason, values }) {
      if (csv) return put(`${[line, column, reason, ...columns.map((name) => values[name])].map(csvCell).join(',')}\n`)
      return put(`${JSON.stringify({ line, column, reason, values })}\n`)
    },
    async close() {
      stream.end()
      await finished(stream)
    },
  }
}
