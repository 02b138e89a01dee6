// What a column holds, judged from the values of a sample: the narrowest type every value
// fits. A column whose values nearly all fit a type but a few do not is a mistake in the
// file (a number column with "n/a" in it), not a text column: that is reported with the
// line and the value, since loading it would fail or, worse, turn every value into text.
import { RecordError } from '@datamesh/kit'

export type ColumnType = 'boolean' | 'integer' | 'bigint' | 'decimal' | 'date' | 'timestamp' | 'text'

const INTEGER = /^-?(0|[1-9]\d*)$/
const DECIMAL = /^-?(0|[1-9]\d*)\.\d+$/
const DATE = /^\d{4}-\d{2}-\d{2}$/
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/
const INT32_MAX = 2 ** 31 - 1
const IDENTIFIER_DIGITS = 12

/** The types a single value fits, narrowest first. */
function fits(value: unknown): ReadonlySet<ColumnType> {
  if (typeof value === 'boolean') return new Set(['boolean'])
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return new Set(['decimal'])
    return new Set(Math.abs(value) <= INT32_MAX ? ['integer', 'bigint', 'decimal'] : ['bigint', 'decimal'])
  }
  if (typeof value !== 'string') return new Set(['text'])
  const text = value.trim()
  if (/^(true|false)$/i.test(text)) return new Set(['boolean', 'text'])
  // Thirteen digits and more are card, account or tracking numbers: text to keep, not to add.
  if (INTEGER.test(text) && text.replace('-', '').length > IDENTIFIER_DIGITS) return new Set(['text'])
  if (INTEGER.test(text)) {
    const size = Math.abs(Number(text))
    return new Set(size <= INT32_MAX ? ['integer', 'bigint', 'decimal', 'text'] : Number.isSafeInteger(size) ? ['bigint', 'decimal', 'text'] : ['decimal', 'text'])
  }
  if (DECIMAL.test(text)) return new Set(['decimal', 'text'])
  if (DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))) return new Set(['date', 'timestamp', 'text'])
  if (TIMESTAMP.test(text) && !Number.isNaN(Date.parse(text))) return new Set(['timestamp', 'text'])
  return new Set(['text'])
}

const NARROWEST_FIRST: readonly ColumnType[] = ['boolean', 'integer', 'bigint', 'decimal', 'date', 'timestamp']

export interface ObservedValue {
  readonly line: number
  readonly value: unknown
}

/** Most values fit; the rest are mistakes. Below this share, the column is text. */
const MOSTLY = 0.9
/** Fewer values than this say too little to call the odd ones mistakes. */
const ENOUGH = 10

/** The column's type from its sample's non-null values; throws on a column of mixed types. */
export function columnType(file: string, column: string, values: readonly ObservedValue[]): ColumnType {
  if (values.length === 0) return 'text'
  // JSON Lines says what a value is: a number next to a string is a mixed column.
  const kinds = new Set(values.map(({ value }) => typeof value))
  if (kinds.has('number') && kinds.has('string')) {
    const odd = values.find(({ value }) => typeof value !== typeof values[0]!.value)!
    throw new RecordError(file, odd.line, column, `${JSON.stringify(odd.value)} is ${typeof odd.value === 'number' ? 'a number' : 'text'} but earlier values of the column are not: one column holds one type`)
  }
  const fitting = values.map(({ value }) => fits(value))
  for (const type of NARROWEST_FIRST) {
    const misfits = values.filter((_, index) => !fitting[index]!.has(type))
    if (misfits.length === 0) return type
    if (type !== 'boolean' && values.length >= ENOUGH && misfits.length <= values.length * (1 - MOSTLY)) {
      const odd = misfits[0]!
      throw new RecordError(
        file,
        odd.line,
        column,
        `${JSON.stringify(odd.value)} is not ${type === 'integer' || type === 'bigint' ? 'a whole number' : type === 'decimal' ? 'a number' : `a ${type}`} like the other ${values.length - misfits.length} values sampled: fix the value (or leave it empty for none)`,
      )
    }
  }
  return 'text'
}

/** A sampled value as the column's type stores it (for test fixtures and checks). */
export function storedValue(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean' ? value : /^true$/i.test(String(value).trim())
    case 'integer':
    case 'bigint':
    case 'decimal':
      return Number(value)
    default:
      return String(value)
  }
}
