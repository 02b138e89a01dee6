// The schema files as the code says they should be: each domain's SDL, the supergraph
// composed from them, and Rover's config.
import { composeSupergraph, schemaFiles, type SchemaFiles } from '@datamesh/gateway'
import { printDomainSdl } from '@datamesh/kit'
import { loadDomains } from './domains.js'

export async function composeMesh(): Promise<SchemaFiles> {
  const domains = await loadDomains()
  const subgraphs = domains.map((domain) => ({
    name: domain.name,
    url: `http://127.0.0.1:${domain.port}/graphql`,
    sdl: printDomainSdl(domain),
  }))
  return schemaFiles(subgraphs, composeSupergraph(subgraphs))
}
