// Which fields an argument tests. `customers(filter: { segment: ENTERPRISE })` selects
// customers by `Customer.segment`, so it reveals what reading that field reveals, and a
// subject who may not read the field may not filter on it either. Each argument of each
// field (and each field of an input object it takes) is mapped to the fields of the type it
// filters — the node type of a connection, the element type of a list, or the type
// returned — by name (`segment`, `customerId` → `customer`, `nameContains` → `name`,
// `placedAfter` → `placedAt`, `minTotal` → `total`) or, where the name says nothing, by
// `@filterOn(fields: [...])` in the domain's SDL.
import {
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql'

/** Pagination arguments select by position, not by any field. */
const POSITIONAL = new Set(['first', 'after', 'last', 'before'])

export interface ArgumentTarget {
  /** `Query.customers(filter:)`, `Query.customers(filter.segment:)`. */
  readonly coordinate: string
  /** The type whose rows it selects (`Customer`). */
  readonly filtered: string
  /** The fields it tests when a request gives it (`Customer.segment`). */
  readonly tests: readonly string[]
  /** For an input object without its own `@filterOn`: what each of its fields tests. */
  readonly fields?: ReadonlyMap<string, ArgumentTarget>
  /** Neither its name nor a `@filterOn` says which field it tests. */
  readonly unmapped?: true
  /** A `@filterOn` that names a field the filtered type does not have. */
  readonly unknown?: readonly string[]
}

/** By field coordinate (`Query.customers`), then argument name. */
export type ArgumentTargets = ReadonlyMap<string, ReadonlyMap<string, ArgumentTarget>>

/** `@filterOn(fields:)` as written, by `Type.field(argument:)` or `InputType.field`. */
export type ExplicitTargets = ReadonlyMap<string, readonly string[]>

function fieldsOf(type: GraphQLNamedType): Record<string, GraphQLField<unknown, unknown>> | undefined {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields() : undefined
}

/** The type whose rows a field's arguments select: a connection's node, a list's element, or the type itself. */
export function filteredType(type: GraphQLOutputType): GraphQLNamedType {
  const named = getNamedType(type)
  const fields = fieldsOf(named)
  const edges = fields?.edges && fieldsOf(getNamedType(fields.edges.type))
  if (edges?.node) return getNamedType(edges.node.type)
  if (fields?.nodes && isListType(isNonNullType(fields.nodes.type) ? fields.nodes.type.ofType : fields.nodes.type)) return getNamedType(fields.nodes.type)
  return named
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

/** The field of `fields` an argument called `name` tests, by the naming conventions above. */
export function conventionalTarget(name: string, fields: Readonly<Record<string, unknown>>): string | undefined {
  const has = (candidate: string) => (Object.hasOwn(fields, candidate) ? candidate : undefined)
  const suffix = (end: string) => (name.length > end.length && name.endsWith(end) ? name.slice(0, -end.length) : undefined)
  const bound = /^(min|max)([A-Z].*)$/.exec(name)
  const moment = suffix('After') ?? suffix('Before')
  return (
    has(name) ??
    (suffix('Id') && has(suffix('Id') as string)) ??
    (suffix('Ids') && has(suffix('Ids') as string)) ??
    (name === 'ids' ? has('id') : undefined) ??
    (suffix('Contains') && has(suffix('Contains') as string)) ??
    (moment && (has(`${moment}At`) ?? has(moment))) ??
    (bound ? has(lowerFirst(bound[2] as string)) : undefined)
  )
}

function targetOf(
  coordinate: string,
  name: string,
  type: GraphQLInputType,
  explicitKey: string,
  filtered: GraphQLNamedType,
  explicit: ExplicitTargets,
  visiting: ReadonlySet<string>,
): ArgumentTarget {
  const fields = fieldsOf(filtered) ?? {}
  const named = getNamedType(type)
  const written = explicit.get(explicitKey)
  if (written) {
    const unknown = written.filter((field) => !Object.hasOwn(fields, field))
    const tests = written.filter((field) => Object.hasOwn(fields, field)).map((field) => `${filtered.name}.${field}`)
    return { coordinate, filtered: filtered.name, tests, ...(unknown.length ? { unknown } : {}) }
  }
  if (isInputObjectType(named)) {
    if (visiting.has(named.name)) return { coordinate, filtered: filtered.name, tests: [] }
    const inner = new Map<string, ArgumentTarget>()
    const next = new Set([...visiting, named.name])
    for (const field of Object.values(named.getFields()) as GraphQLInputField[]) {
      const path = coordinate.replace(/:\)$/, `.${field.name}:)`)
      inner.set(field.name, targetOf(path, field.name, field.type, `${named.name}.${field.name}`, filtered, explicit, next))
    }
    return { coordinate, filtered: filtered.name, tests: [], fields: inner }
  }
  const field = conventionalTarget(name, fields)
  return field ? { coordinate, filtered: filtered.name, tests: [`${filtered.name}.${field}`] } : { coordinate, filtered: filtered.name, tests: [], unmapped: true }
}

/** What every argument of every object and interface field tests. */
export function argumentTargets(schema: GraphQLSchema, explicit: ExplicitTargets): ArgumentTargets {
  const targets = new Map<string, Map<string, ArgumentTarget>>()
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue
    for (const field of Object.values(type.getFields())) {
      const byArgument = new Map<string, ArgumentTarget>()
      const filtered = filteredType(field.type)
      for (const argument of field.args as readonly GraphQLArgument[]) {
        if (POSITIONAL.has(argument.name)) continue
        const key = `${type.name}.${field.name}(${argument.name}:)`
        byArgument.set(argument.name, targetOf(key, argument.name, argument.type, key, filtered, explicit, new Set()))
      }
      if (byArgument.size) targets.set(`${type.name}.${field.name}`, byArgument)
    }
  }
  return targets
}

/** Every target of a tree, depth first (the argument itself, then its input fields). */
export function* eachTarget(target: ArgumentTarget): Generator<ArgumentTarget> {
  yield target
  for (const inner of target.fields?.values() ?? []) yield* eachTarget(inner)
}
