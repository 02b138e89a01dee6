// Automatic persisted queries, resolved before governance sees the operation: a client
// may send only a query's sha256 once the gateway has seen the full text, and the
// operation is governed exactly as if the text had been sent.
import { DataMeshError, ErrorCode } from '@datamesh/kit'
import { createHash } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import type { GraphQLRequest } from './graphql-requests.js'

interface PersistedQueryExtension {
  version?: number
  sha256Hash?: string
}

export class PersistedQueries {
  readonly #store: LRUCache<string, string>

  constructor(maxBytes = 32 * 1024 * 1024) {
    this.#store = new LRUCache<string, string>({ maxSize: maxBytes, sizeCalculation: (query) => query.length || 1 })
  }

  /** Queries held, and their characters. */
  get cached(): { readonly documents: number; readonly bytes: number } {
    return { documents: this.#store.size, bytes: this.#store.calculatedSize }
  }

  /** The query text to run, or the error a client of the protocol expects. */
  resolve(request: GraphQLRequest): string | DataMeshError {
    const persisted = request.extensions?.persistedQuery as PersistedQueryExtension | undefined
    if (!persisted) return request.query ? request.query : new DataMeshError(ErrorCode.BAD_REQUEST, 'the request has no "query"')
    if (persisted.version !== 1 || typeof persisted.sha256Hash !== 'string') {
      return new DataMeshError(ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED, 'persistedQuery must be { version: 1, sha256Hash }')
    }
    if (request.query) {
      if (createHash('sha256').update(request.query).digest('hex') !== persisted.sha256Hash) {
        return new DataMeshError(ErrorCode.BAD_REQUEST, 'provided sha does not match query')
      }
      this.#store.set(persisted.sha256Hash, request.query)
      return request.query
    }
    return this.#store.get(persisted.sha256Hash) ?? new DataMeshError(ErrorCode.PERSISTED_QUERY_NOT_FOUND, 'PersistedQueryNotFound')
  }
}
