// The domains of this mesh, loaded: every domain package the kit discovers (business
// domains under `subgraphs/`, platform subgraphs such as the catalog under `platform/`),
// with the policies each definition carries. A new domain is picked up by every command
// without touching the CLI.
import type { Policy } from '@datamesh/governance'
import type { DomainDefinition } from '@datamesh/kit'
import { discoverDomains, repositoryRoot } from '@datamesh/kit'
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

/**
 * Every domain and every domain policy as the repository holds them now, not as this
 * process first found them: a running gateway reloading its supergraph asks again, and
 * finds a domain package created since it started. A module already loaded is not loaded again.
 */
export async function discoverMesh(root: string = repositoryRoot): Promise<Mesh> {
  const domains: DomainDefinition[] = []
  for (const found of discoverDomains(root)) {
    const module = (await import(pathToFileURL(found.entry).href)) as { default?: unknown }
    if (!isDomain(module.default)) throw new Error(`${found.entry}: the default export is not a domain definition (defineDomain)`)
    if (module.default.name !== found.name) throw new Error(`${found.entry}: defines domain "${module.default.name}" but its package.json names "${found.name}"`)
    domains.push(module.default)
  }
  const policies = domains.flatMap((domain) => (domain.policies ?? []) as readonly Policy[])
  return { domains: domains.sort((a, b) => a.port - b.port), policies }
}

/** Every domain and every domain policy, loaded once per process. */
export function loadMesh(root: string = repositoryRoot): Promise<Mesh> {
  loaded ??= discoverMesh(root)
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
