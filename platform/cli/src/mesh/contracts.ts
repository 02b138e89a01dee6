// The inputs of `datamesh contract`: the products and supergraph of the working tree, the
// contract files under contracts/, and the same state at a git revision. The decisions
// themselves (what a contract says, what breaks) live in @datamesh/products.
import { repositoryRoot, schemasDirectory } from '@datamesh/kit'
import {
  contractFileName,
  exportContracts,
  DescriptorError,
  loadProducts,
  parseContract,
  parseProduct,
  supergraphDomains,
  validateProducts,
  type DataProduct,
  type ExportedContract,
  type MeshState,
  type OdcsContract,
} from '@datamesh/products'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { UsageError } from '../usage-error.js'

/** Where the committed contracts live: `contracts/<product-id>.odcs.yaml`. */
export const contractsDirectory = join(repositoryRoot, 'contracts')

const CONTRACT_FILE = /\.odcs\.yaml$/

/** The descriptors of every domain of the supergraph, checked against it; throws listing every problem. */
export function productsOf(supergraphSdl: string, root: string = repositoryRoot): DataProduct[] {
  const products = loadProducts(supergraphDomains(supergraphSdl), root)
  const problems = validateProducts(products, supergraphSdl, (product) => product.source.split('/')[1] as string)
  if (problems.length) throw new Error(`the data product descriptors do not match the supergraph:\n${problems.map((problem) => `  - ${problem.message} [${problem.rule}]`).join('\n')}`)
  return products
}

/** The contracts `contract export --all` writes, from the committed supergraph (schemas/supergraph.graphql) and the descriptors. */
export function exportWorkingTreeContracts(gatewayUrl: string, supergraphSdl: string = readFileSync(join(schemasDirectory, 'supergraph.graphql'), 'utf8')): ExportedContract[] {
  return exportContracts(productsOf(supergraphSdl), supergraphSdl, { gatewayUrl })
}

/** Contract files of `directory` whose text differs from the export, missing ones, and ones no product has any more. */
export function staleContractFiles(exported: readonly ExportedContract[], directory: string = contractsDirectory): string[] {
  const present = existsSync(directory) ? readdirSync(directory).filter((name) => CONTRACT_FILE.test(name)) : []
  const stale = exported
    .filter(({ fileName, yaml }) => !present.includes(fileName) || readFileSync(join(directory, fileName), 'utf8') !== yaml)
    .map(({ fileName }) => fileName)
  const orphans = present.filter((name) => !exported.some(({ fileName }) => fileName === name))
  return [...stale, ...orphans].sort()
}

/** The committed contract files of `directory`. */
export function readContractFiles(directory: string = contractsDirectory): OdcsContract[] {
  if (!existsSync(directory)) return []
  return readdirSync(directory)
    .filter((name) => CONTRACT_FILE.test(name))
    .sort()
    .map((name) => parseContract(readFileSync(join(directory, name), 'utf8'), join(directory, name)))
}

function git(root: string, args: readonly string[]): string {
  return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] })
}

/** The commit `ref` names; one that names none is a usage error. */
export function commitOf(ref: string, root: string = repositoryRoot): string {
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim()
  } catch {
    throw new UsageError(`--base: "${ref}" is not a commit of the repository at ${root}`)
  }
}

/**
 * The mesh as committed at `ref`: its supergraph (when schemas/supergraph.graphql exists
 * there), its contracts/*.odcs.yaml and its data product descriptors (whose versions say
 * which breaking changes are intended). A descriptor that the current descriptor schema
 * cannot read is left out: the product's committed contract gives its version instead.
 * An unknown revision is a usage error.
 */
export function readStateAt(ref: string, root: string = repositoryRoot): MeshState {
  const commit = commitOf(ref, root)
  const files = git(root, ['ls-tree', '-r', '--name-only', commit, '--', 'schemas/supergraph.graphql', 'contracts/', 'subgraphs/'])
    .split('\n')
    .filter(Boolean)
  const show = (path: string) => git(root, ['show', `${commit}:${path}`])
  const products = files
    .filter((path) => /^subgraphs\/[^/]+\/products\/[^/]+\.ya?ml$/.test(path))
    .sort()
    .flatMap((path) => {
      try {
        return [parseProduct(show(path), path)]
      } catch (error) {
        if (error instanceof DescriptorError) return []
        throw error
      }
    })
  return {
    ...(files.includes('schemas/supergraph.graphql') ? { supergraphSdl: show('schemas/supergraph.graphql') } : {}),
    contracts: files
      .filter((path) => /^contracts\/[^/]+\.odcs\.yaml$/.test(path))
      .sort()
      .map((path) => parseContract(show(path), `${ref}:${path}`)),
    products,
  }
}

export { contractFileName }
