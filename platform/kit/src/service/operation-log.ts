// Counts the GraphQL operations a subgraph receives, so tests can show what the gateway
// asked for (how many fetches, and which fields a denied request never contained).
import type { ApolloServerPlugin, BaseContext } from '@apollo/server'

export interface ReceivedOperation {
  readonly operationName: string | undefined
  readonly query: string
}

export type OperationListener = (operation: ReceivedOperation) => void

export class OperationLog {
  #count = 0
  readonly #listeners = new Set<OperationListener>()

  get count(): number {
    return this.#count
  }

  watch(listener: OperationListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  plugin<Context extends BaseContext>(): ApolloServerPlugin<Context> {
    return {
      requestDidStart: async ({ request }) => {
        this.#count++
        if (this.#listeners.size === 0) return
        const operation = { operationName: request.operationName ?? undefined, query: request.query ?? '' }
        for (const listener of this.#listeners) listener(operation)
      },
    }
  }
}
