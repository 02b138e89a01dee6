// Descriptors are checked against the supergraph they describe: every type, root field and
// lineage coordinate they name must exist, every entity must belong to some product, and
// inputs must name products that exist. `datamesh compose` refuses the mesh otherwise.
import { governedSchema } from '@datamesh/governance'
import { Kind, parse, getNamedType, isObjectType, type ConstDirectiveNode } from 'graphql'
import type { DataProduct } from './data-product.js'

export interface ProductProblem {
  readonly product: string
  /** The coordinate or type at fault, when there is one. */
  readonly coordinate?: string
  readonly rule: ProductRule
  readonly message: string
}

export const PRODUCT_RULES = {
  'unique-id': 'every product id is used once',
  'domain-folder': "a product's `domain` is the domain whose folder holds it",
  'output-port': 'the output port names types and root fields that exist, and the domain contributes to each type',
  'entity-coverage': 'every entity type belongs to the output port of at least one product',
  'lineage-fields': 'lineage names fields that exist',
  'freshness-field': 'the freshness SLA is judged on a DateTime field that exists',
  'known-inputs': 'inputs name products that exist',
  'deprecation-date': 'a deprecated product says from when (deprecation.date)',
} as const

export type ProductRule = keyof typeof PRODUCT_RULES

function entitiesOf(supergraphSdl: string): Map<string, Set<string>> {
  // Entity type → the graphs (join__Graph values) that declare it with a resolvable key.
  const entities = new Map<string, Set<string>>()
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue
    for (const directive of (definition.directives ?? []) as readonly ConstDirectiveNode[]) {
      if (directive.name.value !== 'join__type') continue
      const key = directive.arguments?.find((arg) => arg.name.value === 'key')
      const resolvable = directive.arguments?.find((arg) => arg.name.value === 'resolvable')
      const graph = directive.arguments?.find((arg) => arg.name.value === 'graph')
      if (!key || (resolvable?.value.kind === Kind.BOOLEAN && !resolvable.value.value)) continue
      const set = entities.get(definition.name.value) ?? new Set<string>()
      if (graph?.value.kind === Kind.ENUM) set.add(graph.value.value)
      entities.set(definition.name.value, set)
    }
  }
  return entities
}

export function validateProducts(products: readonly DataProduct[], supergraphSdl: string, domainOf: (product: DataProduct) => string): ProductProblem[] {
  const { apiSchema, fields } = governedSchema(supergraphSdl)
  const problems: ProductProblem[] = []
  const report = (product: DataProduct, rule: ProductRule, message: string, coordinate?: string) =>
    problems.push({ product: product.id, rule, message: `${product.source}: ${message}`, ...(coordinate ? { coordinate } : {}) })
  const ids = new Set<string>()
  const fieldExists = (coordinate: string) => fields.has(coordinate)

  for (const product of products) {
    if (ids.has(product.id)) report(product, 'unique-id', `product id ${product.id} is used by another descriptor too`)
    ids.add(product.id)
    const folder = domainOf(product)
    if (product.domain !== folder) report(product, 'domain-folder', `domain is "${product.domain}" but the descriptor lives in the ${folder} domain`)
    if (!product.id.startsWith(`${product.domain}.`)) report(product, 'domain-folder', `id ${product.id} must start with its domain, "${product.domain}."`)
    for (const typeName of product.outputPort.types) {
      const type = apiSchema.getType(typeName)
      if (!type) {
        report(product, 'output-port', `output port names type ${typeName}, which the supergraph does not have`, typeName)
        continue
      }
      const contributes = isObjectType(type) && Object.values(type.getFields()).some((field) => fields.get(`${typeName}.${field.name}`)?.domain === product.domain)
      if (!contributes) report(product, 'output-port', `output port names type ${typeName}, to which the ${product.domain} domain contributes no field`, typeName)
    }
    for (const coordinate of product.outputPort.rootFields) {
      const [typeName] = coordinate.split('.')
      if (!['Query', 'Mutation', 'Subscription'].includes(typeName as string) || !fieldExists(coordinate)) {
        report(product, 'output-port', `output port names root field ${coordinate}, which the supergraph does not have`, coordinate)
      } else if (fields.get(coordinate)?.domain !== product.domain) {
        report(product, 'output-port', `root field ${coordinate} belongs to the ${fields.get(coordinate)?.domain} domain, not ${product.domain}`, coordinate)
      }
    }
    for (const [derived, sources] of Object.entries(product.lineage)) {
      for (const coordinate of [derived, ...sources]) {
        if (!fieldExists(coordinate)) report(product, 'lineage-fields', `lineage names ${coordinate}, which the supergraph does not have`, coordinate)
      }
    }
    const freshness = product.sla.freshness
    if (freshness) {
      const field = fields.get(freshness.field)
      const type = field && apiSchema.getType(field.typeName)
      const returned = type && isObjectType(type) ? getNamedType(type.getFields()[field.fieldName]!.type).name : undefined
      if (!field) report(product, 'freshness-field', `freshness is judged on ${freshness.field}, which the supergraph does not have`, freshness.field)
      else if (returned !== 'DateTime') report(product, 'freshness-field', `freshness is judged on ${freshness.field}, a ${returned}, not a DateTime`, freshness.field)
    }
    if (product.status === 'deprecated' && !product.deprecation) report(product, 'deprecation-date', 'status is deprecated but no deprecation.date says from when')
  }

  for (const product of products) {
    for (const input of product.inputs) {
      if (!ids.has(input.product)) report(product, 'known-inputs', `input ${input.product} is not a product of this mesh`)
    }
  }

  const covered = new Set(products.flatMap((product) => product.outputPort.types))
  for (const entity of entitiesOf(supergraphSdl).keys()) {
    if (!covered.has(entity) && apiSchema.getType(entity)) {
      problems.push({ product: '-', coordinate: entity, rule: 'entity-coverage', message: `entity ${entity} belongs to no data product; add it to a product's outputPort.types` })
    }
  }
  return problems
}
