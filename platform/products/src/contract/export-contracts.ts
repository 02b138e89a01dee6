// Every product's contract, checked against the ODCS schema before anyone sees it, and the
// committed contract files read back for comparison.
import { Kind, parse as parseGraphQL } from 'graphql'
import { parse } from 'yaml'
import type { DataProduct } from '../descriptor/data-product.js'
import type { OdcsContract } from './odcs.js'
import { validateOdcsContract } from './odcs-schema.js'
import { ContractError, contractYaml, toOdcsContract, type ContractOptions } from './to-odcs-contract.js'

export interface ExportedContract {
  readonly contract: OdcsContract
  /** `<product-id>.odcs.yaml` */
  readonly fileName: string
  readonly yaml: string
}

export const contractFileName = (productId: string) => `${productId}.odcs.yaml`

/** The subgraphs (domains) a supergraph was composed from, by name: its join__Graph values. */
export function supergraphDomains(supergraphSdl: string): string[] {
  const graphs = parseGraphQL(supergraphSdl).definitions.find((definition) => definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph')
  if (graphs?.kind !== Kind.ENUM_TYPE_DEFINITION) return []
  return (graphs.values ?? []).map((value) => {
    const name = value.directives?.find((directive) => directive.name.value === 'join__graph')?.arguments?.find((arg) => arg.name.value === 'name')?.value
    return name?.kind === Kind.STRING ? name.value : value.name.value.toLowerCase()
  })
}

/** The contract of each product, in product order; throws a ContractError listing every schema violation. */
export function exportContracts(products: readonly DataProduct[], supergraphSdl: string, options: ContractOptions): ExportedContract[] {
  return products.map((product) => {
    const contract = toOdcsContract(product, supergraphSdl, options)
    const problems = validateOdcsContract(contract)
    if (problems.length) {
      throw new ContractError(`the contract of ${product.id} breaks the ODCS v3.1.0 schema:\n${problems.map((problem) => `  - ${problem.path}: ${problem.message}`).join('\n')}`)
    }
    return { contract, fileName: contractFileName(product.id), yaml: contractYaml(contract) }
  })
}

/** A contract file's content, as written by `contract export` (or by hand). */
export function parseContract(yaml: string, source: string): OdcsContract {
  let document: unknown
  try {
    document = parse(yaml)
  } catch (error) {
    throw new ContractError(`${source}: not valid YAML: ${(error as Error).message.split('\n')[0]}`)
  }
  const contract = document as Partial<OdcsContract> | null
  if (!contract || typeof contract !== 'object' || contract.kind !== 'DataContract' || typeof contract.id !== 'string') {
    throw new ContractError(`${source}: not an ODCS data contract (kind: DataContract with an id)`)
  }
  return contract as OdcsContract
}
