// Reading option values: numbers, lists and URLs, with one clear line when they are wrong.
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

/** `--gateway-url`, else `fallback` (the gateway's URL from the environment): an absolute http(s) URL. */
export function gatewayUrlOption(value: unknown, fallback: string): string {
  const given = typeof value === 'string'
  const text = given ? value : fallback
  const source = given ? '--gateway-url' : 'DATAMESH_GATEWAY_URL'
  if (!URL.canParse(text)) throw new UsageError(`${source} must be an absolute URL${given ? ` such as ${fallback}` : ''}, got "${text}"`)
  if (!/^https?:$/.test(new URL(text).protocol)) throw new UsageError(`${source} must be an http or https URL, got "${text}"`)
  return text
}
