// The schema files as the code says they should be: each domain's SDL, the supergraph
// composed from them, and Rover's config. Composition is governance too: a supergraph that
// breaks a governance rule is refused, naming each coordinate and rule.
import { composeSupergraph, CompositionError, schemaFiles, type SchemaFiles } from '@datamesh/gateway'
import { globalPolicies, lintSupergraph } from '@datamesh/governance'
import { printDomainSdl } from '@datamesh/kit'
import { loadMesh } from './domains.js'

export async function composeMesh(): Promise<SchemaFiles> {
  const { domains, policies } = await loadMesh()
  const subgraphs = domains.map((domain) => ({
    name: domain.name,
    url: `http://127.0.0.1:${domain.port}/graphql`,
    sdl: printDomainSdl(domain),
  }))
  const supergraph = composeSupergraph(subgraphs)
  const problems = lintSupergraph(supergraph, new Set([...globalPolicies, ...policies].map((policy) => policy.name)))
  if (problems.length) {
    throw new CompositionError(problems.map((problem) => `${problem.coordinate}${problem.domain ? ` (${problem.domain})` : ''}: ${problem.message} [${problem.rule}]`))
  }
  return schemaFiles(subgraphs, supergraph)
}
