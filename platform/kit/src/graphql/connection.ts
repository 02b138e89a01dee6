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
  readonly after: number | undefined
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

const CURSOR_PREFIX = 'k:'

export function encodeCursor(key: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${key}`).toString('base64url')
}

export function decodeCursor(cursor: string, field: string): number {
  const text = Buffer.from(cursor, 'base64url').toString()
  const key = Number(text.slice(CURSOR_PREFIX.length))
  if (!/^k:\d{1,15}$/.test(text) || !Number.isSafeInteger(key)) {
    throw new DataMeshError(ErrorCode.BAD_USER_INPUT, `${field}: "after" is not a cursor this field returned`, {
      argument: 'after',
    })
  }
  return key
}

/** Validates `first`/`after` for the field named in messages (`Query.orders`). */
export function readPage(args: PageArgs, field: string, max: number = PAGE_SIZE.max): Page {
  const size = args.first ?? Math.min(PAGE_SIZE.default, max)
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new DataMeshError(ErrorCode.BAD_USER_INPUT, `${field}: "first" must be between 1 and ${max}, got ${size}`, {
      argument: 'first',
      maximum: max,
    })
  }
  return { size, after: args.after == null ? undefined : decodeCursor(args.after, field) }
}

/** Builds the connection from up to `page.size + 1` rows ordered by key. */
export function toConnection<T>(rows: readonly T[], page: Page, keyOf: (row: T) => number, count?: () => Promise<number>): Connection<T> {
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
