// A team's own data files, read as records one at a time whatever their size: CSV with a
// header line, or JSON Lines (one object per line). `domain new` reads a sample of them to
// infer tables, `ingest` streams all of them into a table. Every problem names the file,
// the line and, where there is one, the column, so one line tells a user what to fix.
import { parse } from 'csv-parse'
import { createReadStream, statSync } from 'node:fs'
import { basename, extname } from 'node:path'
import { createInterface } from 'node:readline'

export type RecordFormat = 'csv' | 'jsonl'

const FORMATS: Readonly<Record<string, RecordFormat>> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' }

/** One record of a data file: its values by column, and the line it starts on (from 1). */
export interface SourceRecord {
  readonly line: number
  readonly values: Readonly<Record<string, unknown>>
}

export interface ReadOptions {
  /** Defaults to the format the file name's extension says. */
  readonly format?: RecordFormat
  /** Told the bytes read so far and the file's size, at most once per chunk read. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void
  /** Given every chunk of the file's bytes as it is read, in order (to hash the file on the way). */
  readonly onChunk?: (chunk: Buffer) => void
}

/** What is wrong with a data file, and where: `payments.csv:12:amount: not a number`. */
export class RecordError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: string | undefined,
    readonly reason: string,
  ) {
    super(`${basename(file)}${line === undefined ? '' : `:${line}`}${column === undefined ? '' : `:${column}`}: ${reason}`)
    this.name = 'RecordError'
  }
}

/** The format a file's extension says: .csv, .jsonl or .ndjson. */
export function formatOf(file: string): RecordFormat {
  const format = FORMATS[extname(file).toLowerCase()]
  if (!format) throw new RecordError(file, undefined, undefined, `unknown file type "${extname(file) || 'none'}": use .csv (with a header line) or .jsonl (JSON Lines)`)
  return format
}

/** A column name a header may hold: it starts with a letter or `_`; spaces and dashes are allowed. */
const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_ .-]*$/

function checkHeader(file: string, header: readonly string[]): string[] {
  const names = header.map((name) => name.trim())
  const seen = new Set<string>()
  names.forEach((name, index) => {
    if (name === '') throw new RecordError(file, 1, `column ${index + 1}`, 'the header line has an empty column name')
    if (!COLUMN_NAME.test(name)) {
      throw new RecordError(file, 1, `column ${index + 1}`, `"${name}" is not a column name: the first line must be a header naming each column`)
    }
    if (seen.has(name)) throw new RecordError(file, 1, name, `the header names "${name}" twice`)
    seen.add(name)
  })
  return names
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size
  } catch (error) {
    throw new RecordError(file, undefined, undefined, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message)
  }
}

function openCounted(file: string, totalBytes: number, { onProgress, onChunk }: ReadOptions) {
  const stream = createReadStream(file)
  if (onProgress || onChunk) {
    let read = 0
    stream.on('data', (chunk) => {
      read += chunk.length
      onChunk?.(chunk as Buffer)
      onProgress?.(read, totalBytes)
    })
  }
  return stream
}

/** Lines a record spans beyond its first: a quoted cell may hold line breaks. */
function extraLines(fields: readonly string[]): number {
  let count = 0
  for (const field of fields) {
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) count++
  }
  return count
}

/**
 * CSV: the first line names the columns; an empty cell is null. Records come from csv-parse
 * as plain arrays and the lines are counted here: asking csv-parse for each record's `info`
 * or `raw` text costs more than parsing it (a third of the time for a million rows).
 */
async function* csvRecords(file: string, totalBytes: number, options: ReadOptions): AsyncGenerator<SourceRecord> {
  let columns: string[] | undefined
  // Empty lines come through as one empty cell (relax_column_count), so that every line is counted.
  const parser = openCounted(file, totalBytes, options).pipe(parse({ bom: true, relax_quotes: false, relax_column_count: true }))
  let line = 0
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      const start = line + 1
      line = start + extraLines(fields)
      if (fields.length === 1 && fields[0] === '') continue
      if (columns === undefined) {
        columns = checkHeader(file, fields)
        continue
      }
      if (fields.length !== columns.length) {
        throw new RecordError(file, start, undefined, `Invalid Record Length: the header names ${columns.length} columns, this line has ${fields.length}`)
      }
      const values: Record<string, unknown> = {}
      for (let index = 0; index < columns.length; index++) {
        const value = fields[index] as string
        values[columns[index] as string] = value === '' ? null : value
      }
      yield { line: start, values }
    }
  } catch (error) {
    if (error instanceof RecordError) throw error
    const { lines, message } = error as { lines?: number; message: string }
    // csv-parse says "Quote Not Closed: ... at line 7": keep the why.
    throw new RecordError(file, lines, undefined, message.replace(/^(CsvError: )?/, '').replace(/ on line \d+$/, ''))
  }
  if (columns === undefined) throw new RecordError(file, undefined, undefined, 'the file is empty: it needs a header line and at least one row')
}

/** JSON Lines: each non-empty line is one JSON object; its keys are the columns. */
async function* jsonLinesRecords(file: string, totalBytes: number, options: ReadOptions): AsyncGenerator<SourceRecord> {
  let line = 0
  for await (const text of createInterface({ input: openCounted(file, totalBytes, options), crlfDelay: Infinity })) {
    line += 1
    if (text.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      throw new RecordError(file, line, undefined, `not JSON: ${(error as Error).message}`)
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new RecordError(file, line, undefined, `a line must hold one JSON object, not ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`)
    }
    for (const name of Object.keys(value)) {
      if (!COLUMN_NAME.test(name)) throw new RecordError(file, line, name, `"${name}" is not a column name`)
    }
    yield { line, values: value as Record<string, unknown> }
  }
}

/** The records of a data file, in order, read as they are consumed (constant memory). */
export async function* readRecords(file: string, options: ReadOptions = {}): AsyncGenerator<SourceRecord> {
  const format = options.format ?? formatOf(file)
  const totalBytes = sizeOf(file)
  let count = 0
  const records = format === 'csv' ? csvRecords(file, totalBytes, options) : jsonLinesRecords(file, totalBytes, options)
  for await (const record of records) {
    count += 1
    yield record
  }
  if (count === 0) throw new RecordError(file, undefined, undefined, format === 'csv' ? 'the file has a header but no rows' : 'the file is empty: it holds no JSON object')
}
