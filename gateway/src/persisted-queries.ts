// Automatic persisted queries, resolved before governance sees the operation: a client
// may send only a query's sha256 once the gateway has seen the full text, and the
// operation is governed exactly as if the text had been sent.
import { createHash } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import type { GraphQLRequest } from './graphql-requests.js'

export type PersistedLookup = { readonly query: string } | { readonly error: { message: string; code: string } }

interface PersistedQueryExtension {
  version?: number
  sha256Hash?: string
}

export class PersistedQueries {
  readonly #store = new LRUCache<string, string>({ maxSize: 32 * 1024 * 1024, sizeCalculation: (query) => query.length || 1 })

  /** The query text to run, or the error a client of the protocol expects. */
  resolve(request: GraphQLRequest): PersistedLookup {
    const persisted = request.extensions?.persistedQuery as PersistedQueryExtension | undefined
    if (!persisted) {
      return request.query ? { query: request.query } : { error: { message: 'the request has no "query"', code: 'BAD_REQUEST' } }
    }
    if (persisted.version !== 1 || typeof persisted.sha256Hash !== 'string') {
      return { error: { message: 'persistedQuery must be { version: 1, sha256Hash }', code: 'PERSISTED_QUERY_NOT_SUPPORTED' } }
    }
    if (request.query) {
      if (createHash('sha256').update(request.query).digest('hex') !== persisted.sha256Hash) {
        return { error: { message: 'provided sha does not match query', code: 'BAD_REQUEST' } }
      }
      this.#store.set(persisted.sha256Hash, request.query)
      return { query: request.query }
    }
    const known = this.#store.get(persisted.sha256Hash)
    return known ? { query: known } : { error: { message: 'PersistedQueryNotFound', code: 'PERSISTED_QUERY_NOT_FOUND' } }
  }
}
