// Reading option values: numbers and lists, with one clear line when they are wrong.
import { UsageError } from './usage-error.js'

export function numberOption(value: unknown, name: string, check: { min?: number; positive?: boolean; integer?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(number)) throw new UsageError(`--${name} must be a number, got "${String(value)}"`)
  if (check.integer && !Number.isInteger(number)) throw new UsageError(`--${name} must be a whole number, got ${value}`)
  if (check.positive && number <= 0) throw new UsageError(`--${name} must be greater than 0, got ${value}`)
  if (check.min !== undefined && number < check.min) throw new UsageError(`--${name} must be at least ${check.min}, got ${value}`)
  return number
}

/** `--domain a --domain b,c` → ['a', 'b', 'c'] */
export function listOption(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return values.flatMap((entry) => String(entry).split(',')).map((entry) => entry.trim()).filter(Boolean)
}
