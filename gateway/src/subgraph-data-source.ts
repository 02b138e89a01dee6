// How the gateway calls one domain: a keep-alive undici pool per subgraph (no
// per-request Headers or Request objects, unlike the default fetcher), with the request's
// signed grant, so the domain can apply its row rules and knows the call passed through
// governance. A domain that cannot be reached fails only the fields it owns, with an error
// naming it.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import { DataMeshError, ErrorCode, GRANT_HEADER } from '@datamesh/kit'
import { GraphQLError } from 'graphql'
import { Pool } from 'undici'
import type { GatewayContext } from './governed-endpoint.js'

const CONNECTIONS_PER_SUBGRAPH = 128

type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly #pool: Pool
  readonly #path: string

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
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' }
    if (context.grant) headers[GRANT_HEADER] = context.grant
    let response
    try {
      response = await this.#pool.request({
        path: this.#path,
        method: 'POST',
        headers,
        body: JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName }),
      })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new DataMeshError(ErrorCode.SUBGRAPH_UNAVAILABLE, `the ${this.domain} domain is unavailable: ${reason}`, { domain: this.domain })
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      const text = await response.body.text()
      const code = response.statusCode === 401 ? 'UNAUTHENTICATED' : response.statusCode === 403 ? 'FORBIDDEN' : ErrorCode.SUBGRAPH_UNAVAILABLE.code
      throw new GraphQLError(`the ${this.domain} domain answered ${response.statusCode}: ${text.slice(0, 200)}`, {
        extensions: { code, domain: this.domain, status: response.statusCode },
      })
    }
    return (await response.body.json()) as SubgraphResponse
  }

  async close(): Promise<void> {
    await this.#pool.close()
  }
}
