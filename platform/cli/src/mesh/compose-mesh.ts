// The schema files as the code says they should be: each domain's SDL, the supergraph
// composed from them, and Rover's config. Composition is governance too: a supergraph that
// breaks a governance rule, or that the domains' data product descriptors do not match, is
// refused, naming each coordinate and rule.
import { composeSupergraph, CompositionError, schemaFiles, type SchemaFiles } from '@datamesh/gateway'
import { globalPolicies, lintSupergraph } from '@datamesh/governance'
import { printDomainSdl } from '@datamesh/kit'
import { loadProducts, validateProducts } from '@datamesh/products'
import { loadMesh } from './domains.js'

export async function composeMesh(): Promise<SchemaFiles> {
  const { domains, policies } = await loadMesh()
  const subgraphs = domains.map((domain) => ({
    name: domain.name,
    url: `http://127.0.0.1:${domain.port}/graphql`,
    sdl: printDomainSdl(domain),
  }))
  const supergraph = composeSupergraph(subgraphs)
  const problems = lintSupergraph(supergraph, new Set([...globalPolicies, ...policies].map((policy) => policy.name))).map(
    (problem) => `${problem.coordinate}${problem.domain ? ` (${problem.domain})` : ''}: ${problem.message} [${problem.rule}]`,
  )
  const products = loadProducts(domains.map((domain) => domain.name))
  for (const problem of validateProducts(products, supergraph, (product) => product.source.split('/')[1] as string)) {
    problems.push(`${problem.coordinate ?? problem.product}: ${problem.message} [${problem.rule}]`)
  }
  if (problems.length) throw new CompositionError(problems)
  return schemaFiles(subgraphs, supergraph)
}
