// What an operation costs before it runs, in the spirit of the IBM GraphQL cost
// specification and Apollo Router's demand control: every field that returns an object
// counts 1, leaves count 0, and a list multiplies what is under it by its size — the value
// of its slicing argument (`first`, the request's value or the argument's default), else
// the `@listSize(assumedSize:)` its domain wrote, else a default. A connection's `first`
// sizes its `edges`. Fragments are costed once each per request, however often spread.
import {
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql'
import type { ListSize } from '@datamesh/governance'

export interface CostModel {
  readonly schema: GraphQLSchema
  readonly listSizes: ReadonlyMap<string, ListSize>
  readonly defaultListSize: number
}

function listDepth(type: GraphQLOutputType): number {
  const unwrapped = isNonNullType(type) ? type.ofType : type
  return isListType(unwrapped) ? 1 + listDepth(unwrapped.ofType) : 0
}

function intOf(value: ValueNode | undefined, variables: Readonly<Record<string, unknown>>): number | undefined {
  if (value?.kind === Kind.INT) return Number(value.value)
  if (value?.kind === Kind.VARIABLE) {
    const given = variables[value.name.value]
    return typeof given === 'number' && Number.isFinite(given) ? given : undefined
  }
  return undefined
}

/** The estimated cost of `operation` with `variables` (defaults of the operation's variables applied). */
export function estimateCost(
  model: CostModel,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  requestVariables: Readonly<Record<string, unknown>> | undefined,
): number {
  const variables: Record<string, unknown> = {}
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value
    const fallback = definition.defaultValue?.kind === Kind.INT ? Number(definition.defaultValue.value) : undefined
    variables[name] = requestVariables?.[name] ?? fallback
  }
  const root = model.schema.getRootType(operation.operation)
  if (!root) return 0
  // Keyed by fragment and the size its connection parent gives sized fields.
  const memo = new Map<string, number>()

  const sizeOf = (parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>, node: FieldNode): { size: number; sized: ReadonlySet<string> } => {
    const declared = model.listSizes.get(`${parent.name}.${field.name}`)
    let size: number | undefined
    for (const name of declared?.slicingArguments ?? []) {
      const given = intOf(node.arguments?.find((argument) => argument.name.value === name)?.value, variables)
      const fallback = field.args.find((argument) => argument.name === name)?.defaultValue
      const value = given ?? (typeof fallback === 'number' ? fallback : undefined)
      if (value !== undefined) size = Math.max(size ?? 0, value)
    }
    return { size: Math.max(0, size ?? declared?.assumedSize ?? model.defaultListSize), sized: new Set(declared?.sizedFields ?? []) }
  }

  const costOfFragment = (name: string, sized: { names: ReadonlySet<string>; size: number } | undefined): number => {
    const key = `${name}\u0000${sized ? `${[...sized.names].join(',')}:${sized.size}` : ''}`
    const known = memo.get(key)
    if (known !== undefined) return known
    memo.set(key, 0) // cycles cost nothing here; validation refuses them
    const definition = fragments.get(name)
    const type = definition && model.schema.getType(definition.typeCondition.name.value)
    const cost = definition && type && isCompositeType(type) ? costOfSet(definition.selectionSet, type, sized) : 0
    memo.set(key, cost)
    return cost
  }

  const costOfSet = (set: SelectionSetNode, parent: GraphQLCompositeType, sized?: { names: ReadonlySet<string>; size: number }): number => {
    let total = 0
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        total += costOfFragment(selection.name.value, sized)
        continue
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? model.schema.getType(selection.typeCondition.name.value) : parent
        if (type && isCompositeType(type)) total += costOfSet(selection.selectionSet, type, sized)
        continue
      }
      if (selection.name.value.startsWith('__') || !('getFields' in parent)) continue
      const field = parent.getFields()[selection.name.value]
      if (!field) continue
      const returned = getNamedType(field.type)
      const own = isCompositeType(returned) ? 1 : 0
      const { size, sized: sizedChildren } = sizeOf(parent, field, selection)
      const children =
        selection.selectionSet && isCompositeType(returned)
          ? costOfSet(selection.selectionSet, returned, sizedChildren.size ? { names: sizedChildren, size } : undefined)
          : 0
      const lists = listDepth(field.type)
      const multiplier = lists === 0 ? 1 : (sized?.names.has(field.name) ? sized.size : size) ** lists
      total += multiplier * (own + children)
    }
    return total
  }

  return costOfSet(operation.selectionSet, root)
}
