// The domains of this mesh: every package under `subgraphs/` whose entry point exports a
// domain definition (and, beside it, the domain's policies). A new domain is picked up by
// every command without touching the CLI.
import type { Policy } from '@datamesh/governance'
import type { DomainDefinition } from '@datamesh/kit'
import { repositoryRoot } from '@datamesh/kit'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { UsageError } from '../usage-error.js'

function isDomain(value: unknown): value is DomainDefinition {
  const candidate = value as Partial<DomainDefinition> | undefined
  return typeof candidate?.name === 'string' && typeof candidate.port === 'number' && candidate.typeDefs !== undefined
}

export interface Mesh {
  /** In port order. */
  readonly domains: readonly DomainDefinition[]
  /** Every domain's own policies. */
  readonly policies: readonly Policy[]
}

let loaded: Promise<Mesh> | undefined

async function discover(root: string): Promise<Mesh> {
  const folder = join(root, 'subgraphs')
  const domains: DomainDefinition[] = []
  const policies: Policy[] = []
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const manifest = join(folder, entry.name, 'package.json')
    if (!entry.isDirectory() || !existsSync(manifest)) continue
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: { '.': string } }
    const main = pkg.exports?.['.']
    if (!main) continue
    const module = (await import(pathToFileURL(join(folder, entry.name, main)).href)) as { default?: unknown; policies?: readonly Policy[] }
    if (!isDomain(module.default)) continue
    domains.push(module.default)
    policies.push(...(module.policies ?? []))
  }
  // Platform-owned subgraphs are served alongside the domains.
  const { marketplace, policies: catalogPolicies } = await import('@datamesh/marketplace')
  domains.push(marketplace)
  policies.push(...catalogPolicies)
  return { domains: domains.sort((a, b) => a.port - b.port), policies }
}

/**
 * Every domain and every domain policy as `subgraphs/` holds them now, not as this process
 * first found them: a running gateway reloading its supergraph asks again, and finds a
 * domain package created since it started. A module already loaded is not loaded again.
 */
export function discoverMesh(root: string = repositoryRoot): Promise<Mesh> {
  return discover(root)
}

/** Every domain and every domain policy. */
export function loadMesh(root: string = repositoryRoot): Promise<Mesh> {
  loaded ??= discover(root)
  return loaded
}

/** Every domain, in port order. */
export async function loadDomains(): Promise<readonly DomainDefinition[]> {
  return (await loadMesh()).domains
}

/** The named domains (all when `names` is empty); an unknown name is a usage error. */
export async function selectDomains(names: readonly string[]): Promise<DomainDefinition[]> {
  const domains = await loadDomains()
  if (names.length === 0) return [...domains]
  const unknown = names.filter((name) => !domains.some((domain) => domain.name === name))
  if (unknown.length) {
    throw new UsageError(`unknown domain ${unknown.join(', ')}; the domains are ${domains.map((domain) => domain.name).join(', ')}`)
  }
  return domains.filter((domain) => names.includes(domain.name))
}
