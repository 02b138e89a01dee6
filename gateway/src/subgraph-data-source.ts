// How the gateway calls one domain: a keep-alive undici pool per subgraph (no
// per-request Headers or Request objects, unlike the default fetcher), with the request's
// signed grant, so the domain can apply its row rules and knows the call passed through
// governance. Identical queries in flight at the same time, for the same grant, share one
// call: the domain would answer them alike. A domain that cannot be reached fails only the
// fields it owns, with an error naming it.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import { DataMeshError, ErrorCode, GRANT_HEADER } from '@datamesh/kit'
import { GraphQLError } from 'graphql'
import { Pool } from 'undici'
import type { GatewayContext } from './governed-endpoint.js'

const CONNECTIONS_PER_SUBGRAPH = 128
const MUTATION = /^\s*mutation\b/

type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>

interface Reply {
  readonly status: number
  readonly text: string
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly #pool: Pool
  readonly #path: string
  /** Calls in flight by grant and body; each caller parses the answer itself, so none shares objects. */
  readonly #inflight = new Map<string, Promise<Reply>>()

  constructor(
    readonly domain: string,
    url: string,
  ) {
    super({ url })
    const target = new URL(url)
    this.#pool = new Pool(target.origin, { connections: CONNECTIONS_PER_SUBGRAPH, keepAliveTimeout: 30_000, pipelining: 1 })
    this.#path = `${target.pathname}${target.search}`
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResponse> {
    const { request, context } = options
    const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName })
    // Mutations are never shared: each must run as often as it was asked for.
    const key = MUTATION.test(request.query ?? '') ? undefined : `${context.grant ?? ''}\n${body}`
    let pending = key === undefined ? undefined : this.#inflight.get(key)
    if (!pending) {
      pending = this.#send(body, context.grant)
      if (key !== undefined) {
        const forget = () => this.#inflight.delete(key)
        this.#inflight.set(key, pending)
        pending.then(forget, forget)
      }
    }
    const { status, text } = await pending
    if (status < 200 || status >= 300) {
      const code = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : ErrorCode.SUBGRAPH_UNAVAILABLE.code
      throw new GraphQLError(`the ${this.domain} domain answered ${status}: ${text.slice(0, 200)}`, { extensions: { code, domain: this.domain, status } })
    }
    return JSON.parse(text) as SubgraphResponse
  }

  async #send(body: string, grant: string | undefined): Promise<Reply> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' }
    if (grant) headers[GRANT_HEADER] = grant
    try {
      const response = await this.#pool.request({ path: this.#path, method: 'POST', headers, body })
      return { status: response.statusCode, text: await response.body.text() }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new DataMeshError(ErrorCode.SUBGRAPH_UNAVAILABLE, `the ${this.domain} domain is unavailable: ${reason}`, { domain: this.domain })
    }
  }

  async close(): Promise<void> {
    await this.#pool.close()
  }
}
