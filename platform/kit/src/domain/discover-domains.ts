// The one place that finds the mesh's domains on disk: every package whose package.json
// says `"datamesh": { "domain": "<name>" }`, under `subgraphs/` (the business domains)
// and `platform/` (platform subgraphs such as the catalog of data products). A domain a
// team adds, by hand or with `datamesh domain new`, is found by every command and service.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repositoryRoot } from '../config/paths.js'

export type DomainKind = 'business' | 'platform'

/** A domain package as found on disk, before its code is loaded. */
export interface DomainPackage {
  readonly name: string
  readonly kind: DomainKind
  /** Absolute path of the package folder. */
  readonly folder: string
  /** The package's description: one sentence on what the domain owns. */
  readonly description: string
  /** Absolute path of the module whose default export is the domain's definition. */
  readonly entry: string
}

interface Manifest {
  readonly description?: string
  readonly exports?: { readonly '.'?: string }
  readonly datamesh?: { readonly domain?: string }
}

const KINDS: readonly [string, DomainKind][] = [
  ['subgraphs', 'business'],
  ['platform', 'platform'],
]

/** Every domain package of the repository, business domains first, each group by name. Read afresh on each call. */
export function discoverDomains(root: string = repositoryRoot): DomainPackage[] {
  const found: DomainPackage[] = []
  for (const [parent, kind] of KINDS) {
    const folder = join(root, parent)
    if (!existsSync(folder)) continue
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const manifestPath = join(folder, entry.name, 'package.json')
      if (!entry.isDirectory() || !existsSync(manifestPath)) continue
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest
      const name = manifest.datamesh?.domain
      if (name === undefined) continue
      const main = manifest.exports?.['.']
      if (!main) throw new Error(`${parent}/${entry.name}/package.json names domain "${name}" but exports no entry point ("exports": { ".": ... })`)
      found.push({ name, kind, folder: join(folder, entry.name), description: manifest.description ?? '', entry: join(folder, entry.name, main) })
    }
  }
  return found
}
