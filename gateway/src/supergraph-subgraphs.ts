// Reads the subgraphs (name and routing URL) a supergraph SDL was composed from.
import { Supergraph } from '@apollo/federation-internals'

export interface SubgraphRoute {
  readonly name: string
  readonly url: string
}

export function subgraphsOf(supergraphSdl: string): SubgraphRoute[] {
  return Supergraph.build(supergraphSdl, { supportedFeatures: null })
    .subgraphsMetadata()
    .map(({ name, url }) => ({ name, url }))
}
