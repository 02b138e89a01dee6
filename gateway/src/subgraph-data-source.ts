// How the gateway calls one domain: with the request's signed grant, so the domain can
// apply its row rules and knows the call passed through governance. A domain that cannot
// be reached fails only the fields it owns, with an error naming it.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import { DataMeshError, ErrorCode, GRANT_HEADER } from '@datamesh/kit'
import { GraphQLError } from 'graphql'
import type { GatewayContext } from './governed-endpoint.js'

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly domain: string,
    url: string,
  ) {
    super({ url })
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (context.grant) request.http?.headers.set(GRANT_HEADER, context.grant)
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    try {
      return await super.process(options)
    } catch (error) {
      if (error instanceof GraphQLError) throw error
      const reason = error instanceof Error ? error.message : String(error)
      throw new DataMeshError(ErrorCode.SUBGRAPH_UNAVAILABLE, `the ${this.domain} domain is unavailable: ${reason}`, {
        domain: this.domain,
      })
    }
  }
}
