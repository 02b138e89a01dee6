// Turns a record of a data file into the text of each column the table will receive, or
// says which column is wrong and why: type, length and precision, required values, the
// values a CHECK constraint allows, and the product's row-level quality rules. Compiled once
// per file into one function per column, so a million rows cost a million calls, not a
// million lookups.
import type { ColumnContract, TableContract } from './table-contract.js'

export interface RowProblem {
  readonly column: string
  readonly reason: string
}

export type ValidatedRow = { readonly values: (string | null)[]; readonly problem?: undefined } | { readonly values?: undefined; readonly problem: RowProblem }

class Invalid {
  constructor(readonly reason: string) {}
}

/** The file's columns do not fit the table: said before any row is loaded. */
export class ColumnsError extends Error {}

type Convert = (value: unknown) => string

const INTEGER = /^[+-]?\d+$/
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?$/i
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i
const TRUE = new Set(['true', 't', 'yes', 'y', '1', 'on'])
const FALSE = new Set(['false', 'f', 'no', 'n', '0', 'off'])
const INTEGER_RANGE: Readonly<Record<string, [bigint, bigint]>> = {
  int2: [-32768n, 32767n],
  int4: [-2147483648n, 2147483647n],
  int8: [-9223372036854775808n, 9223372036854775807n],
}

function text(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  throw new Invalid(`expected a value, got ${JSON.stringify(value)}`)
}

function converterFor(column: ColumnContract): Convert {
  const { base, type } = column
  if (base in INTEGER_RANGE) {
    const [min, max] = INTEGER_RANGE[base] as [bigint, bigint]
    return (value) => {
      const written = text(value).trim()
      if (!INTEGER.test(written)) throw new Invalid(`"${written}" is not a whole number (${type})`)
      const number = BigInt(written)
      if (number < min || number > max) throw new Invalid(`${written} is out of range for ${type}`)
      return written
    }
  }
  if (base === 'numeric' || base === 'float4' || base === 'float8') {
    const precision = column.precision
    return (value) => {
      const written = text(value).trim()
      if (!DECIMAL.test(written)) throw new Invalid(`"${written}" is not a number (${type})`)
      if (precision) {
        const digits = written.replace(/^[+-]/, '').split(/[.eE]/)[0]?.replace(/^0+/, '').length ?? 0
        if (!/[eE]/.test(written) && digits > precision.digits - precision.scale) throw new Invalid(`${written} has too many digits for ${type}`)
      }
      return written
    }
  }
  if (base === 'bool') {
    return (value) => {
      const written = text(value).trim().toLowerCase()
      if (TRUE.has(written)) return 't'
      if (FALSE.has(written)) return 'f'
      throw new Invalid(`"${text(value)}" is not true or false`)
    }
  }
  if (base === 'date') {
    return (value) => {
      const written = text(value).trim()
      const match = DATE.exec(written)
      const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0]
      const date = new Date(Date.UTC(year, month - 1, day))
      if (!match || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) throw new Invalid(`"${written}" is not a date (YYYY-MM-DD)`)
      return written
    }
  }
  if (base === 'timestamptz' || base === 'timestamp') {
    return (value) => {
      const written = text(value).trim()
      if (!TIMESTAMP.test(written) || Number.isNaN(Date.parse(written.replace(' ', 'T')))) throw new Invalid(`"${written}" is not a timestamp (ISO 8601, such as 2026-03-14T09:26:53Z)`)
      return written
    }
  }
  if (base === 'uuid') {
    return (value) => {
      const written = text(value).trim()
      if (!UUID.test(written)) throw new Invalid(`"${written}" is not a UUID`)
      return written
    }
  }
  if (base === 'json' || base === 'jsonb') {
    return (value) => {
      if (typeof value !== 'string') return JSON.stringify(value)
      try {
        JSON.parse(value)
      } catch {
        throw new Invalid(`${JSON.stringify(value.slice(0, 40))} is not JSON`)
      }
      return value
    }
  }
  const maxLength = column.maxLength
  if (maxLength !== null) {
    return (value) => {
      const written = text(value)
      if ([...written].length > maxLength) throw new Invalid(`"${written}" is longer than ${maxLength} characters (${type})`)
      return written
    }
  }
  // text and anything this file does not know: the database judges it.
  return text
}

function withChecks(column: ColumnContract, convert: Convert): Convert {
  const allowed = column.allowed ? new Set(column.allowed) : null
  const { bounds, rules } = column
  const valueRules = rules.filter((rule) => !rule.required)
  if (!allowed && bounds.length === 0 && valueRules.length === 0) return convert
  return (value) => {
    const written = convert(value)
    if (allowed && !allowed.has(written)) throw new Invalid(`"${written}" is not one of ${[...allowed].join(', ')}`)
    for (const { operator, limit } of bounds) {
      const number = Number(written)
      const holds = operator === '>' ? number > limit : operator === '>=' ? number >= limit : operator === '<' ? number < limit : number <= limit
      if (!holds) throw new Invalid(`${written} must be ${operator} ${limit}`)
    }
    for (const rule of valueRules) {
      if (rule.validValues && !rule.validValues.has(written)) throw new Invalid(`"${written}" is not one of ${[...rule.validValues].join(', ')} (quality rule ${rule.id})`)
      if (rule.pattern && !rule.pattern.test(written)) throw new Invalid(`"${written}" does not match ${rule.pattern.source} (quality rule ${rule.id})`)
      if (rule.minimum !== undefined && Number(written) < rule.minimum) throw new Invalid(`${written} is below ${rule.minimum} (quality rule ${rule.id})`)
      if (rule.maximum !== undefined && Number(written) > rule.maximum) throw new Invalid(`${written} is above ${rule.maximum} (quality rule ${rule.id})`)
    }
    return written
  }
}

/** Whether a row must give the column a value. */
export function isRequired(column: ColumnContract): boolean {
  return (column.notNull && !column.hasDefault) || column.rules.some((rule) => rule.required)
}

function requiredReason(column: ColumnContract): string {
  const rule = column.rules.find((candidate) => candidate.required)
  return column.notNull ? 'a value is required (the column is NOT NULL)' : `a value is required (quality rule ${rule?.id})`
}

/**
 * The file's columns against the table's: an unknown, generated or missing required column
 * is refused before any row is read. Returns the table's columns in the file's order.
 */
export function matchColumns(contract: TableContract, fileColumns: readonly string[]): ColumnContract[] {
  const byName = new Map(contract.columns.map((column) => [column.name, column]))
  const unknown = fileColumns.filter((name) => !byName.has(name))
  if (unknown.length) {
    throw new ColumnsError(`${unknown.map((name) => `"${name}"`).join(', ')} ${unknown.length === 1 ? 'is not a column' : 'are not columns'} of ${contract.table}; its columns are ${contract.columns.map((column) => column.name).join(', ')}`)
  }
  const generated = fileColumns.filter((name) => byName.get(name)?.generated)
  if (generated.length) throw new ColumnsError(`${generated.join(', ')} ${generated.length === 1 ? 'is' : 'are'} computed by the database: leave ${generated.length === 1 ? 'it' : 'them'} out of the file`)
  const missing = contract.columns.filter((column) => isRequired(column) && !fileColumns.includes(column.name))
  if (missing.length) throw new ColumnsError(`the file has no column ${missing.map((column) => column.name).join(', ')}, which ${contract.table} requires`)
  return fileColumns.map((name) => byName.get(name) as ColumnContract)
}

/** A function that validates one record (values by column name) for the given columns. */
export function rowValidator(columns: readonly ColumnContract[]): (values: Readonly<Record<string, unknown>>) => ValidatedRow {
  const steps = columns.map((column) => ({ name: column.name, required: isRequired(column), reason: requiredReason(column), convert: withChecks(column, converterFor(column)) }))
  return (record) => {
    const values: (string | null)[] = new Array(steps.length)
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index]!
      const value = record[step.name]
      if (value === null || value === undefined || value === '') {
        if (step.required) return { problem: { column: step.name, reason: step.reason } }
        values[index] = null
        continue
      }
      try {
        values[index] = step.convert(value)
      } catch (error) {
        if (error instanceof Invalid) return { problem: { column: step.name, reason: error.reason } }
        throw error
      }
    }
    return { values }
  }
}
