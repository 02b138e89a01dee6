// The catalog's sources in a running mesh: the domains under `subgraphs/` (name and
// description from their package), their descriptors, and the committed supergraph.
import { gatewayUrl, repositoryRoot, schemasDirectory } from '@datamesh/kit'
import { loadProducts } from '@datamesh/products'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CatalogSources, DomainSummary } from './catalog.js'

export function meshSources(env: NodeJS.ProcessEnv = process.env): CatalogSources {
  const folder = join(repositoryRoot, 'subgraphs')
  const domains: DomainSummary[] = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, 'package.json')))
    .map((entry) => {
      const pkg = JSON.parse(readFileSync(join(folder, entry.name, 'package.json'), 'utf8')) as { description?: string }
      return { name: entry.name, description: pkg.description ?? '' }
    })
    .sort((a, b) => a.name.localeCompare(b.name))
  return {
    domains,
    products: loadProducts(domains.map((domain) => domain.name)),
    supergraphSdl: readFileSync(join(schemasDirectory, 'supergraph.graphql'), 'utf8'),
    gatewayUrl: gatewayUrl(env),
  }
}
