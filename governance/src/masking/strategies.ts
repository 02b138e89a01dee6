// Masking strategies: how a value is transformed when a decision is `mask`. Each keeps
// what a consumer may still use (the email's domain, a phone's last digits, a birth
// year, a stable pseudonym to join on) and hides the rest.
import { createHmac } from 'node:crypto'
import type { MaskStrategyName } from '../vocabulary.js'

export type MaskFunction = (value: unknown) => unknown

export interface MaskStrategy {
  readonly name: MaskStrategyName
  readonly description: string
  /** GraphQL named types the strategy can produce a valid value for. */
  readonly appliesTo: readonly string[] | 'any'
  readonly apply: MaskFunction
}

const TEXT = ['String', 'ID']

function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value)
}

/** All strategies; `hash` needs the mesh's pseudonymisation key. */
export function maskStrategies(hashKey: string | Buffer): Readonly<Record<MaskStrategyName, MaskStrategy>> {
  return {
    redact: {
      name: 'redact',
      description: 'replaces the value with "[redacted]"',
      appliesTo: TEXT,
      apply: () => '[redacted]',
    },
    hash: {
      name: 'hash',
      description: 'a keyed HMAC-SHA256 pseudonym: the same value always gives the same pseudonym, so masked ids still join',
      appliesTo: TEXT,
      apply: (value) => createHmac('sha256', hashKey).update(text(value)).digest('base64url').slice(0, 22),
    },
    email: {
      name: 'email',
      description: 'keeps the first letter and the domain: j***@example.com',
      appliesTo: TEXT,
      apply: (value) => {
        const address = text(value)
        const at = address.lastIndexOf('@')
        return at < 1 ? '***' : `${address[0]}***${address.slice(at)}`
      },
    },
    last4: {
      name: 'last4',
      description: 'keeps the last four characters: ********4567',
      appliesTo: TEXT,
      apply: (value) => {
        const chars = [...text(value)]
        return chars.length <= 4 ? '*'.repeat(chars.length) : '*'.repeat(chars.length - 4) + chars.slice(-4).join('')
      },
    },
    year: {
      name: 'year',
      description: 'dates keep only their year: 1984-06-30 becomes "1984"',
      appliesTo: ['Date', 'DateTime', 'String'],
      apply: (value) => {
        const match = /^(\d{4})/.exec(value instanceof Date ? value.toISOString() : text(value))
        return match ? match[1] : null
      },
    },
    null: {
      name: 'null',
      description: 'removes the value: null',
      appliesTo: 'any',
      apply: () => null,
    },
  }
}

/** Applies a strategy to a field value, element by element for lists; null stays null. */
export function applyMask(apply: MaskFunction, value: unknown): unknown {
  if (value === null || value === undefined) return value
  if (Array.isArray(value)) return value.map((item) => applyMask(apply, item))
  return apply(value)
}
