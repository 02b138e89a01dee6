// When a breaking change is intended: it passes only when every data product whose
// consumers it breaks says so with a major version bump of its descriptor, and, for an
// element taken away or retyped (a field, an argument, an enum value), only when the base
// had already deprecated that element with a reason carrying a date, so consumers were
// told in advance and when. A pure function of the two states, shared by
// `datamesh contract check` and `datamesh check`.
import { governedSchema } from '@datamesh/governance'
import { getNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql'
import type { DataProduct } from '../descriptor/data-product.js'
import type { ContractChange, MeshState } from './breaking-changes.js'
import { DEPRECATION_DATE } from './deprecation-date.js'
import type { OdcsContract } from './odcs.js'

export interface Acceptance {
  readonly accepted: boolean
  /** The data products whose consumers the change breaks, by id. */
  readonly products: readonly string[]
  /** Why it passes, or what would let it pass. */
  readonly reason: string
}

/** Changes that take an element away or retype it: consumers must have been warned by a dated @deprecated. */
const NEEDS_DEPRECATION = new Set([
  'FIELD_REMOVED',
  'FIELD_TYPE_CHANGED',
  'INPUT_FIELD_REMOVED',
  'INPUT_FIELD_TYPE_CHANGED',
  'FIELD_ARGUMENT_REMOVED',
  'ENUM_VALUE_REMOVED',
  'property-removed',
  'property-retyped',
  'root-field-removed',
  'root-field-retyped',
])

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription'])

interface Version {
  readonly major: number
  readonly minor: number
}

function parseVersion(text: string | undefined): Version | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(text ?? '')
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined
}

/** A major bump as semver means it: 1.4.0 → 2.0.0; below 1.0.0 a minor bump is one (0.3.1 → 0.4.0). */
export function isMajorBump(from: string, to: string): boolean {
  const before = parseVersion(from)
  const after = parseVersion(to)
  if (!before || !after) return false
  if (after.major !== before.major) return after.major > before.major
  return before.major === 0 && after.minor > before.minor
}

/** The version a state gives a product: its descriptor's, else its committed contract's. */
function versionIn(state: MeshState, id: string): string | undefined {
  return state.products?.find((product) => product.id === id)?.version ?? state.contracts.find((contract: OdcsContract) => contract.id === id)?.version
}

/**
 * The types a product hands out beyond those its output port names: every type reachable
 * from its output types and root fields (connections, enums, inputs, PageInfo), without
 * walking into another product's declared types.
 */
function reachableTypes(product: DataProduct, declaredElsewhere: ReadonlySet<string>, schema: GraphQLSchema): Set<string> {
  const seen = new Set<string>()
  const visit = (name: string) => {
    if (seen.has(name) || (declaredElsewhere.has(name) && !product.outputPort.types.includes(name))) return
    seen.add(name)
    const type = schema.getType(name)
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        visit(getNamedType(field.type).name)
        for (const arg of field.args) visit(getNamedType(arg.type).name)
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) visit(getNamedType(field.type).name)
    }
  }
  for (const name of product.outputPort.types) visit(name)
  for (const root of product.outputPort.rootFields) {
    const [rootType, rootField] = root.split('.')
    const type = schema.getType(rootType as string)
    const field = isObjectType(type) ? type.getFields()[rootField as string] : undefined
    if (!field) continue
    visit(getNamedType(field.type).name)
    for (const arg of field.args) visit(getNamedType(arg.type).name)
  }
  return seen
}

/** The products publishing a schema coordinate (`Customer.country`, `Query.customers.first`, `OrderStatus.SHIPPED`). */
function ownersOf(coordinate: string, products: readonly DataProduct[], schema: GraphQLSchema | undefined): string[] {
  const [typeName, fieldName] = coordinate.split('.') as [string, string | undefined]
  if (ROOT_TYPES.has(typeName)) return products.filter((product) => product.outputPort.rootFields.includes(`${typeName}.${fieldName}`)).map((product) => product.id)
  const declared = products.filter((product) => product.outputPort.types.includes(typeName))
  if (declared.length || !schema) return declared.map((product) => product.id)
  const declaredTypes = new Set(products.flatMap((product) => product.outputPort.types))
  return products.filter((product) => reachableTypes(product, declaredTypes, schema).has(typeName)).map((product) => product.id)
}

/** The deprecation reason of a coordinate in a schema: a field, an input field, an argument (`Type.field.arg`) or an enum value. */
function deprecationOf(schema: GraphQLSchema, coordinate: string): string | undefined {
  const [typeName, memberName, argName] = coordinate.split('.')
  const type = schema.getType(typeName as string)
  if (isEnumType(type)) return type.getValue(memberName as string)?.deprecationReason ?? undefined
  if (isObjectType(type) || isInterfaceType(type)) {
    const field = type.getFields()[memberName as string]
    if (argName === undefined) return field?.deprecationReason ?? undefined
    return field?.args.find((arg) => arg.name === argName)?.deprecationReason ?? undefined
  }
  if (isInputObjectType(type)) return type.getFields()[memberName as string]?.deprecationReason ?? undefined
  return undefined
}

/** What a change concerns: the products it breaks, and the schema coordinate it takes away, if any. */
function subjectOf(change: ContractChange, products: readonly DataProduct[], schema: GraphQLSchema | undefined): { products: string[]; coordinate?: string } {
  if (change.source === 'contract') {
    const [product, path] = change.where.split(' ')
    return { products: [product as string], ...(path ? { coordinate: path.replace(/\[\]/g, '') } : {}) }
  }
  return { products: ownersOf(change.where, products, schema), coordinate: change.where }
}

/**
 * Judges each breaking change between `base` and `head`: accepted when every product it
 * breaks has a major version bump from base to head (a product removed altogether must
 * have been deprecated with a date in the base instead), and, for a removal or retyping,
 * when the base deprecated the element with a dated reason. Undated deprecations are never
 * accepted: they are fixed by adding the date.
 */
export function acceptanceOf(base: MeshState, head: MeshState): (change: ContractChange) => Acceptance {
  const baseSchema = base.supergraphSdl ? governedSchema(base.supergraphSdl).apiSchema : undefined
  const products = [...(base.products ?? []), ...(head.products ?? []).filter((product) => !base.products?.some((known) => known.id === product.id))]
  return (change) => {
    if (change.source === 'deprecation') return { accepted: false, products: [], reason: 'add the date (YYYY-MM-DD) to the deprecation' }
    const subject = subjectOf(change, products, baseSchema)
    if (subject.products.length === 0) {
      return { accepted: false, products: [], reason: `${change.where} belongs to no data product's output port, so no product version can announce the change` }
    }
    const missing: string[] = []
    const granted: string[] = []
    for (const id of subject.products) {
      const was = versionIn(base, id)
      const now = head.contracts.some((contract) => contract.id === id) ? versionIn(head, id) : undefined
      if (now === undefined) {
        const retired = base.products?.find((product) => product.id === id)
        if (retired && retired.status !== 'active' && retired.status !== 'draft' && retired.deprecation?.date) granted.push(`${id} was ${retired.status} since ${retired.deprecation.date}`)
        else missing.push(`${id} was removed without first being deprecated with a deprecation.date`)
      } else if (was !== undefined && isMajorBump(was, now)) {
        granted.push(`${id} ${was} → ${now}`)
      } else {
        missing.push(`${id} needs a major version bump (it is ${was === now ? `still ${now}` : `${was ?? 'unversioned'} → ${now}`})`)
      }
    }
    if (subject.coordinate && NEEDS_DEPRECATION.has(change.rule)) {
      const reason = baseSchema ? deprecationOf(baseSchema, subject.coordinate) : undefined
      if (reason === undefined) missing.push(`${subject.coordinate} must first be @deprecated, with a date in the reason, before it is removed or retyped`)
      else if (!DEPRECATION_DATE.test(reason)) missing.push(`${subject.coordinate} was @deprecated without a date in the reason ("${reason}")`)
      else granted.push(`${subject.coordinate} was deprecated: "${reason}"`)
    }
    return missing.length
      ? { accepted: false, products: subject.products, reason: missing.join('; ') }
      : { accepted: true, products: subject.products, reason: granted.join('; ') }
  }
}
