// The governance view of a supergraph: the API schema clients query, and for every field
// of every object and interface type its owner, classification, mask and access rules —
// read from the directives the domains wrote and composition carried into the supergraph.
import { printSchema, Supergraph } from '@apollo/federation-internals'
import {
  buildSchema,
  isTypeDefinitionNode,
  Kind,
  parse,
  type ConstArgumentNode,
  type ConstDirectiveNode,
  type ConstValueNode,
  type FieldDefinitionNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type InputValueDefinitionNode,
  type TypeNode,
  getNamedType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql'
import type { FieldMetadata, Requirement } from '../policy/define-policy.js'
import { argumentTargets, type ArgumentTargets } from './argument-targets.js'
import { CLASSIFICATIONS, isMaskStrategy, type Classification, type MaskStrategyName } from '../vocabulary.js'

/** How many items a list field returns, for estimating what an operation costs (the cost spec's `@listSize`). */
export interface ListSize {
  /** What to assume when no slicing argument says. */
  readonly assumedSize?: number
  /** Arguments whose value is the size (`first`). */
  readonly slicingArguments: readonly string[]
  /** For a connection: the list fields of the returned object that the size applies to (`edges`). */
  readonly sizedFields: readonly string[]
}

export interface GovernedSchema {
  readonly apiSchema: GraphQLSchema
  readonly fields: ReadonlyMap<string, FieldMetadata>
  /** What each argument tests, by field coordinate then argument. */
  readonly arguments: ArgumentTargets
  /** List sizes by field coordinate: `@listSize` where a domain wrote it, else a `first` argument sizes the list (or a connection's `edges`). */
  readonly listSizes: ReadonlyMap<string, ListSize>
}

interface TypeFacts {
  readonly name: string
  readonly kind: 'object' | 'interface' | 'other'
  readonly interfaces: readonly string[]
  readonly graphs: readonly string[]
  readonly requirements: readonly Requirement[]
  readonly classification: Classification | undefined
  readonly fields: readonly FieldDefinitionNode[]
}

function argument(directive: ConstDirectiveNode, name: string): ConstValueNode | undefined {
  return directive.arguments?.find((arg: ConstArgumentNode) => arg.name.value === name)?.value
}

function stringValue(value: ConstValueNode | undefined): string | undefined {
  return value?.kind === Kind.STRING || value?.kind === Kind.ENUM ? value.value : undefined
}

function nestedStrings(value: ConstValueNode | undefined): string[][] {
  if (value?.kind !== Kind.LIST) return []
  return value.values.map((inner) => (inner.kind === Kind.LIST ? inner.values.map((v) => stringValue(v) ?? '') : [stringValue(inner) ?? '']))
}

function intValue(value: ConstValueNode | undefined): number | undefined {
  return value?.kind === Kind.INT ? Number(value.value) : undefined
}

function stringList(value: ConstValueNode | undefined): string[] | undefined {
  if (value === undefined) return undefined
  if (value.kind === Kind.LIST) return value.values.flatMap((inner) => stringValue(inner) ?? [])
  const single = stringValue(value)
  return single === undefined ? undefined : [single]
}

function filterOnOf(directives: readonly ConstDirectiveNode[] | undefined): string[] | undefined {
  const directive = directives?.find((d) => d.name.value === 'filterOn')
  return directive && stringList(argument(directive, 'fields'))
}

function listSizeOf(directives: readonly ConstDirectiveNode[] | undefined): ListSize | undefined {
  const directive = directives?.find((d) => d.name.value === 'listSize')
  if (!directive) return undefined
  const assumedSize = intValue(argument(directive, 'assumedSize'))
  return {
    ...(assumedSize !== undefined ? { assumedSize } : {}),
    slicingArguments: stringList(argument(directive, 'slicingArguments')) ?? [],
    sizedFields: stringList(argument(directive, 'sizedFields')) ?? [],
  }
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type)
}

/** `@listSize` as written, else the convention: a `first` argument slices the list, or a connection's `edges`. */
function listSizes(apiSchema: GraphQLSchema, written: ReadonlyMap<string, ListSize>): Map<string, ListSize> {
  const sizes = new Map<string, ListSize>()
  for (const type of Object.values(apiSchema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`
      const explicit = written.get(coordinate)
      const slicing = explicit?.slicingArguments.length ? explicit.slicingArguments : field.args.some((arg) => arg.name === 'first') ? ['first'] : []
      const returned = getNamedType(field.type)
      const lists = isObjectType(returned) || isInterfaceType(returned) ? Object.values(returned.getFields()).filter((inner) => isList(inner.type)) : []
      const sized = explicit?.sizedFields.length
        ? explicit.sizedFields
        : slicing.length && !isList(field.type)
          ? lists.filter((inner) => inner.name === 'edges' || inner.name === 'nodes').map((inner) => inner.name)
          : []
      if (!explicit && slicing.length === 0) continue
      sizes.set(coordinate, { ...(explicit?.assumedSize !== undefined ? { assumedSize: explicit.assumedSize } : {}), slicingArguments: slicing, sizedFields: sized })
    }
  }
  return sizes
}

function requirementsOf(directives: readonly ConstDirectiveNode[] | undefined, declaredOn: string): Requirement[] {
  const found: Requirement[] = []
  for (const directive of directives ?? []) {
    const name = directive.name.value
    if (name === 'authenticated') found.push({ directive: 'authenticated', anyOf: [], declaredOn })
    if (name === 'requiresScopes') found.push({ directive: 'requiresScopes', anyOf: nestedStrings(argument(directive, 'scopes')), declaredOn })
    if (name === 'policy') found.push({ directive: 'policy', anyOf: nestedStrings(argument(directive, 'policies')), declaredOn })
  }
  return found
}

function tagsOf(directives: readonly ConstDirectiveNode[] | undefined): string[] {
  return (directives ?? []).filter((d) => d.name.value === 'tag').map((d) => stringValue(argument(d, 'name')) ?? '')
}

function classificationOf(tags: readonly string[]): Classification | undefined {
  // The most sensitive classification wins when a field carries several.
  return CLASSIFICATIONS.find((classification) => tags.includes(classification))
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type)
}

function graphsOf(directives: readonly ConstDirectiveNode[] | undefined, directive: string): string[] {
  return (directives ?? []).filter((d) => d.name.value === directive).flatMap((d) => {
    const graph = argument(d, 'graph')
    return graph?.kind === Kind.ENUM ? [graph.value] : []
  })
}

function moreSensitive(a: Classification | undefined, b: Classification | undefined): Classification | undefined {
  if (!a) return b
  if (!b) return a
  return CLASSIFICATIONS.indexOf(a) <= CLASSIFICATIONS.indexOf(b) ? a : b
}

export function governedSchema(supergraphSdl: string): GovernedSchema {
  // Printed and rebuilt: federation-internals loads graphql as CommonJS, this package as
  // ESM, and graphql refuses types that come from the other copy.
  const apiSchema = buildSchema(printSchema(Supergraph.build(supergraphSdl, { supportedFeatures: null }).apiSchema()))
  const document = parse(supergraphSdl)
  const graphNames = new Map<string, string>()
  const types = new Map<string, TypeFacts>()
  const explicitTargets = new Map<string, readonly string[]>()
  const writtenSizes = new Map<string, ListSize>()
  const noteArguments = (owner: string, args: readonly InputValueDefinitionNode[] | undefined) => {
    for (const arg of args ?? []) {
      const fields = filterOnOf(arg.directives)
      if (fields) explicitTargets.set(`${owner}(${arg.name.value}:)`, fields)
    }
  }
  for (const definition of document.definitions) {
    if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
      for (const field of definition.fields ?? []) {
        const fields = filterOnOf(field.directives)
        if (fields) explicitTargets.set(`${definition.name.value}.${field.name.value}`, fields)
      }
    }
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.INTERFACE_TYPE_DEFINITION) {
      for (const field of definition.fields ?? []) {
        const coordinate = `${definition.name.value}.${field.name.value}`
        noteArguments(coordinate, field.arguments)
        const size = listSizeOf(field.directives)
        if (size) writtenSizes.set(coordinate, size)
      }
    }
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const name = value.directives?.find((d) => d.name.value === 'join__graph')
        graphNames.set(value.name.value, stringValue(name && argument(name, 'name')) ?? value.name.value.toLowerCase())
      }
    }
    if (!isTypeDefinitionNode(definition)) continue
    const kind =
      definition.kind === Kind.OBJECT_TYPE_DEFINITION ? 'object' : definition.kind === Kind.INTERFACE_TYPE_DEFINITION ? 'interface' : 'other'
    const name = definition.name.value
    types.set(name, {
      name,
      kind,
      interfaces: 'interfaces' in definition ? (definition.interfaces ?? []).map((i) => i.name.value) : [],
      graphs: graphsOf(definition.directives, 'join__type'),
      requirements: requirementsOf(definition.directives, name),
      classification: classificationOf(tagsOf(definition.directives)),
      fields: 'fields' in definition && kind !== 'other' ? ((definition.fields ?? []) as readonly FieldDefinitionNode[]) : [],
    })
  }

  const fields = new Map<string, FieldMetadata>()
  for (const type of types.values()) {
    if (type.kind === 'other' || !apiSchema.getType(type.name)) continue
    for (const field of type.fields) {
      const tags = tagsOf(field.directives)
      const returnType = namedType(field.type)
      const maskDirective = field.directives?.find((d) => d.name.value === 'mask')
      const strategy = stringValue(maskDirective && argument(maskDirective, 'strategy'))
      const graph = graphsOf(field.directives, 'join__field')[0] ?? type.graphs[0]
      const coordinate = `${type.name}.${field.name.value}`
      fields.set(coordinate, {
        coordinate,
        typeName: type.name,
        fieldName: field.name.value,
        returnType,
        nullable: field.type.kind !== Kind.NON_NULL_TYPE,
        domain: graph ? graphNames.get(graph) : undefined,
        classification: moreSensitive(classificationOf(tags), type.classification),
        tags,
        requirements: [
          ...requirementsOf(field.directives, coordinate),
          ...type.requirements,
          ...(types.get(returnType)?.requirements ?? []),
        ],
        mask: strategy && isMaskStrategy(strategy) ? (strategy as MaskStrategyName) : undefined,
        ...(strategy && !isMaskStrategy(strategy) ? { unknownMask: strategy } : {}),
      })
    }
  }

  // A field read through an interface is governed by every implementation's rules.
  for (const type of types.values()) {
    if (type.kind !== 'interface') continue
    const implementations = [...types.values()].filter((candidate) => candidate.interfaces.includes(type.name))
    for (const field of type.fields) {
      const coordinate = `${type.name}.${field.name.value}`
      const own = fields.get(coordinate)
      if (!own) continue
      const concrete = implementations.flatMap((implementation) => {
        const found = fields.get(`${implementation.name}.${field.name.value}`)
        return found ? [found] : []
      })
      fields.set(coordinate, {
        ...own,
        classification: concrete.reduce((worst, f) => moreSensitive(worst, f.classification), own.classification),
        requirements: [...own.requirements, ...concrete.flatMap((f) => f.requirements)],
        mask: own.mask ?? concrete.find((f) => f.mask)?.mask,
      })
    }
  }
  return { apiSchema, fields, arguments: argumentTargets(apiSchema, explicitTargets), listSizes: listSizes(apiSchema, writtenSizes) }
}

