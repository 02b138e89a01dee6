// Composition: the domains' subgraph SDLs into one supergraph, with @apollo/composition.
import { composeServices } from '@apollo/composition'
import { DataMeshError, ErrorCode } from '@datamesh/kit'
import { parse } from 'graphql'

export interface SubgraphSource {
  readonly name: string
  readonly url: string
  readonly sdl: string
}

export class CompositionError extends DataMeshError {
  constructor(readonly problems: readonly string[]) {
    super(ErrorCode.INVALID_SCHEMA, `composition failed:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`)
  }
}

/** The supergraph SDL of the given subgraphs; throws a CompositionError listing every problem. */
export function composeSupergraph(subgraphs: readonly SubgraphSource[]): string {
  const result = composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })))
  if (result.errors) throw new CompositionError(result.errors.map((error) => error.message))
  return result.supergraphSdl
}
