// The catalog's sources in a running mesh: the business domains (name and description
// from their package), their descriptors, and the committed supergraph.
import { discoverDomains, gatewayUrl, schemasDirectory } from '@datamesh/kit'
import { loadProducts } from '@datamesh/products'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CatalogSources, DomainSummary } from './catalog.js'

export function meshSources(env: NodeJS.ProcessEnv = process.env): CatalogSources {
  const domains: DomainSummary[] = discoverDomains()
    .filter((found) => found.kind === 'business')
    .map(({ name, description }) => ({ name, description }))
  return {
    domains,
    products: loadProducts(domains.map((domain) => domain.name)),
    supergraphSdl: readFileSync(join(schemasDirectory, 'supergraph.graphql'), 'utf8'),
    gatewayUrl: gatewayUrl(env),
  }
}
