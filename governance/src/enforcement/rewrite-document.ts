// Cuts denied fields out of an operation and returns the document to execute: just the
// operation and the fragments it still uses, without variables nothing uses any more, and
// with `__dm_t: __typename` where a selection set would be empty or where the response
// plan must know an object's type.
import {
  Kind,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql'
import type { PlanParts } from './operation-plan.js'

export const TYPENAME_ALIAS = '__dm_t'

const TYPENAME_FIELD: FieldNode = Object.freeze({
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: TYPENAME_ALIAS },
  name: { kind: Kind.NAME, value: '__typename' },
}) as FieldNode

function withTypename(set: SelectionSetNode): SelectionSetNode {
  return { ...set, selections: [...set.selections, TYPENAME_FIELD] }
}

function usedNames(node: OperationDefinitionNode | FragmentDefinitionNode, kind: 'fragments' | 'variables'): Set<string> {
  const names = new Set<string>()
  visit(node, {
    FragmentSpread: (spread) => void (kind === 'fragments' && names.add(spread.name.value)),
    Variable: (variable) => void (kind === 'variables' && names.add(variable.name.value)),
    VariableDefinition: () => false,
  })
  return names
}

export interface RewrittenDocument {
  readonly query: string
}

export function rewriteDocument(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, parts: PlanParts): RewrittenDocument {
  const cut = <T extends OperationDefinitionNode | FragmentDefinitionNode>(node: T): T =>
    visit(node, {
      Field: (field) => (parts.deniedNodes.has(field) ? null : undefined),
      SelectionSet: {
        enter: (set) => (parts.typenameSets.has(set) ? withTypename(set) : undefined),
        leave: (set) => (set.selections.length === 0 ? withTypename(set) : undefined),
      },
    })
  const rewritten = cut(operation)
  // Only the fragments still reachable from the operation: an unused one fails validation.
  const kept = new Map<string, FragmentDefinitionNode>()
  const pending = [...usedNames(rewritten, 'fragments')]
  while (pending.length) {
    const name = pending.pop() as string
    const fragment = fragments.get(name)
    if (!fragment || kept.has(name)) continue
    const rewrittenFragment = cut(fragment)
    kept.set(name, rewrittenFragment)
    pending.push(...usedNames(rewrittenFragment, 'fragments'))
  }
  // Variables that only denied fields used must go too: an unused variable fails validation.
  const usedVariables = new Set([rewritten, ...kept.values()].flatMap((node) => [...usedNames(node, 'variables')]))
  const operationNode: OperationDefinitionNode = {
    ...rewritten,
    variableDefinitions: rewritten.variableDefinitions?.filter((definition) => usedVariables.has(definition.variable.name.value)),
  }
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operationNode, ...kept.values()] }
  return { query: print(document) }
}
