// Relay-style connections with keyset pagination: a page is `first` rows after a cursor
// that holds the last key seen, so page 1,000 costs what page 1 costs (no OFFSET, no
// count(*) unless `totalCount` is asked for).
import { ErrorCode } from '../errors/codes.js'
import { DataMeshError } from '../errors/datamesh-error.js'

export const PAGE_SIZE = Object.freeze({ default: 20, max: 100 })

export interface PageArgs {
  first?: number | null
  after?: string | null
}

export interface Page {
  /** Rows the client asked for. Fetch `size + 1` to learn whether another page follows. */
  readonly size: number
  /** Only keys greater than this one belong to the page. */
  readonly after: Key | undefined
}

export interface Edge<T> {
  cursor: string
  node: T
}

export interface Connection<T> {
  edges: Edge<T>[]
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }
  /** Resolved only when selected: counting is a second statement. */
  totalCount?: () => Promise<number>
}

/** A row's key: an integer (`k:` cursors) or a text key (`s:` cursors) such as `PAY-000123`. */
export type Key = number | string
export type KeyKind = 'integer' | 'text'

const MAX_TEXT_KEY = 200

export function encodeCursor(key: Key): string {
  return Buffer.from(typeof key === 'number' ? `k:${key}` : `s:${key}`).toString('base64url')
}

/** The key a cursor holds; a cursor of the other kind of key than the field's is no cursor of it. */
export function decodeCursor(cursor: string, field: string, kind: KeyKind = 'integer'): Key {
  const text = Buffer.from(cursor, 'base64url').toString()
  if (kind === 'text' && text.startsWith('s:') && text.length > 2 && text.length <= MAX_TEXT_KEY + 2) return text.slice(2)
  const key = Number(text.slice(2))
  if (kind === 'text' || !/^k:\d{1,15}$/.test(text) || !Number.isSafeInteger(key)) {
    throw new DataMeshError(ErrorCode.BAD_USER_INPUT, `${field}: "after" is not a cursor this field returned`, {
      argument: 'after',
    })
  }
  return key
}

/** Validates `first`/`after` for the field named in messages (`Query.orders`). */
export function readPage(args: PageArgs, field: string, max: number = PAGE_SIZE.max, kind: KeyKind = 'integer'): Page {
  const size = args.first ?? Math.min(PAGE_SIZE.default, max)
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new DataMeshError(ErrorCode.BAD_USER_INPUT, `${field}: "first" must be between 1 and ${max}, got ${size}`, {
      argument: 'first',
      maximum: max,
    })
  }
  return { size, after: args.after == null ? undefined : decodeCursor(args.after, field, kind) }
}

/** Builds the connection from up to `page.size + 1` rows ordered by key. */
export function toConnection<T>(rows: readonly T[], page: Page, keyOf: (row: T) => Key, count?: () => Promise<number>): Connection<T> {
  const nodes = rows.slice(0, page.size)
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }))
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > page.size,
      hasPreviousPage: page.after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    ...(count ? { totalCount: count } : {}),
  }
}
