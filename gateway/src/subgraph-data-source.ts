// How the gateway calls one domain. A domain that cannot be reached fails only the
// fields it owns, with an error naming it; the rest of the response still answers.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import { DataMeshError, ErrorCode } from '@datamesh/kit'
import { GraphQLError } from 'graphql'

export class SubgraphDataSource extends RemoteGraphQLDataSource {
  constructor(readonly domain: string, url: string) {
    super({ url })
  }

  override async process(options: GraphQLDataSourceProcessOptions) {
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
