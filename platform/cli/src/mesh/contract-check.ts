// The breaking-change check of `datamesh contract check` and `datamesh check`: the working
// tree (composed and exported) against the mesh committed at a base revision, judged by
// @datamesh/products, and the report both commands print.
import { compareStates, exportContracts, type ContractChange } from '@datamesh/products'
import { composeMesh } from './compose-mesh.js'
import { productsOf, readStateAt } from './contracts.js'

export interface ContractCheck {
  readonly base: string
  readonly changes: readonly ContractChange[]
  /** The breaking changes that fail the check. */
  readonly refused: readonly ContractChange[]
  /** The breaking changes announced as the rules ask: a major bump and a dated deprecation. */
  readonly accepted: readonly ContractChange[]
  /** The report, line by line, ending with the verdict. */
  readonly lines: readonly string[]
}

const TITLES = {
  schema: (base: string) => `API schema (schemas/supergraph.graphql at ${base} → composed from the working tree)`,
  contract: (base: string) => `data contracts (contracts/ at ${base} → exported from the working tree)`,
  deprecation: () => 'deprecations without a date',
} as const

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`

/** Compares the working tree with `base` (a git revision; an unknown one is a usage error). */
export async function checkContracts(base: string, gatewayUrl: string, supergraphSdl?: string): Promise<ContractCheck> {
  const baseState = readStateAt(base)
  const sdl = supergraphSdl ?? ((await composeMesh())['supergraph.graphql'] as string)
  const products = productsOf(sdl)
  const head = { supergraphSdl: sdl, products, contracts: exportContracts(products, sdl, { gatewayUrl }).map(({ contract }) => contract) }
  const changes = await compareStates(baseState, head)
  const refused = changes.filter((change) => change.breaking && !change.acceptance?.accepted)
  const accepted = changes.filter((change) => change.breaking && change.acceptance?.accepted)
  const notes = changes.filter((change) => !change.breaking)

  const lines: string[] = []
  if (!baseState.supergraphSdl) lines.push(`note: ${base} has no schemas/supergraph.graphql; the API schema was not compared`)
  if (baseState.contracts.length === 0) lines.push(`note: ${base} has no contracts/*.odcs.yaml; no contract was compared`)
  for (const source of ['schema', 'contract', 'deprecation'] as const) {
    const listed = refused.filter((change) => change.source === source)
    if (listed.length === 0) continue
    lines.push(`${TITLES[source](base)}:`)
    for (const change of listed) {
      lines.push(`  BREAKING  ${change.message}  [${change.rule}]`)
      if (change.acceptance) lines.push(`            not accepted: ${change.acceptance.reason}`)
    }
  }
  if (accepted.length) {
    lines.push('breaking, but accepted (major version bump and dated deprecation):')
    for (const change of accepted) lines.push(`  accepted  ${change.message}  [${change.rule}]: ${change.acceptance?.reason}`)
  }
  if (notes.length) {
    lines.push('not breaking, but worth knowing:')
    for (const change of notes) lines.push(`  note      ${change.message}  [${change.rule}]`)
  }
  if (refused.length) lines.push(`${plural(refused.length, 'breaking change')} against ${base}${accepted.length ? ` (and ${accepted.length} accepted)` : ''}`)
  else if (accepted.length) lines.push(`${plural(accepted.length, 'breaking change')} against ${base}, all accepted`)
  else lines.push(`no breaking changes against ${base}`)
  return { base, changes, refused, accepted, lines }
}
