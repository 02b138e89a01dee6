// How big an operation is once its fragments are expanded — depth, fields, aliases,
// directives, root fields, its longest string literal — measured in one pass over the
// document that visits each fragment once, however often it is spread: a fragment that
// spreads the next one twice, twenty levels deep, is counted (2^20 fields) without ever
// being expanded.
import { Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql'

export interface OperationMeasures {
  /** Nesting of fields; introspection (`__schema`, `__type`) is left to graphql's own depth rule. */
  readonly depth: number
  readonly fields: number
  readonly aliases: number
  readonly directives: number
  readonly rootFields: number
  /** The longest string literal among the arguments, in characters. */
  readonly longestString: number
  /** Whether a string literal holds a NUL character, which no text value can. */
  readonly nul: boolean
}

interface SetMeasures {
  depth: number
  fields: number
  aliases: number
  directives: number
  longestString: number
  nul: boolean
  /** Fields at this level (for the root). */
  top: number
}

const EMPTY: SetMeasures = Object.freeze({ depth: 0, fields: 0, aliases: 0, directives: 0, longestString: 0, nul: false, top: 0 })
const INTROSPECTION = new Set(['__schema', '__type'])

function stringsIn(value: ValueNode): string[] {
  switch (value.kind) {
    case Kind.STRING:
      return [value.value]
    case Kind.LIST:
      return value.values.flatMap(stringsIn)
    case Kind.OBJECT:
      return value.fields.flatMap((field) => stringsIn(field.value))
    default:
      return []
  }
}

function stringMeasures(values: readonly ValueNode[]): Pick<SetMeasures, 'longestString' | 'nul'> {
  const strings = values.flatMap(stringsIn)
  return { longestString: Math.max(0, ...strings.map((text) => text.length)), nul: strings.some((text) => text.includes('\u0000')) }
}

export function measureOperation(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): OperationMeasures {
  const memo = new Map<string, SetMeasures>()

  const fragment = (name: string): SetMeasures => {
    const known = memo.get(name)
    if (known) return known
    const definition = fragments.get(name)
    // Unknown or cyclic fragments count as nothing here; validation refuses the document.
    memo.set(name, EMPTY)
    if (!definition) return EMPTY
    const measured = measureSet(definition.selectionSet)
    const withOwn = { ...measured, directives: measured.directives + (definition.directives?.length ?? 0) }
    memo.set(name, withOwn)
    return withOwn
  }

  const measureSet = (set: SelectionSetNode): SetMeasures => {
    const total: SetMeasures = { ...EMPTY }
    const add = (part: SetMeasures) => {
      total.depth = Math.max(total.depth, part.depth)
      total.fields += part.fields
      total.aliases += part.aliases
      total.directives += part.directives
      total.longestString = Math.max(total.longestString, part.longestString)
      total.nul ||= part.nul
      total.top += part.top
    }
    for (const selection of set.selections) {
      const own = selection.directives?.length ?? 0
      if (selection.kind === Kind.FIELD) {
        const child = selection.selectionSet ? measureSet(selection.selectionSet) : EMPTY
        const introspection = INTROSPECTION.has(selection.name.value)
        const strings = stringMeasures((selection.arguments ?? []).map((argument) => argument.value))
        add({
          depth: introspection ? 0 : 1 + child.depth,
          fields: 1 + child.fields,
          aliases: (selection.alias ? 1 : 0) + child.aliases,
          directives: own + child.directives,
          longestString: Math.max(child.longestString, strings.longestString),
          nul: child.nul || strings.nul,
          top: 1,
        })
      } else {
        const inner = selection.kind === Kind.INLINE_FRAGMENT ? measureSet(selection.selectionSet) : fragment(selection.name.value)
        add({ ...inner, directives: inner.directives + own })
      }
    }
    return total
  }

  const root = measureSet(operation.selectionSet)
  const defaults = stringMeasures((operation.variableDefinitions ?? []).flatMap((definition) => (definition.defaultValue ? [definition.defaultValue] : [])))
  return {
    depth: root.depth,
    fields: root.fields,
    aliases: root.aliases,
    directives: root.directives + (operation.directives?.length ?? 0),
    rootFields: root.top,
    longestString: Math.max(root.longestString, defaults.longestString),
    nul: root.nul || defaults.nul,
  }
}
