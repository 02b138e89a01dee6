// What `datamesh contract check` decides, as a pure function of two states of the mesh (the
// committed one and the working tree): which changes break the consumers of the API and of
// the data contracts, which deprecations do not say when, and which breaking changes are
// intended and announced as the rules ask (accept-breaking-changes.ts). No git, no files:
// the CLI gathers the inputs, tests give them directly.
import { governedSchema } from '@datamesh/governance'
import type { Change } from '@graphql-inspector/core'
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, printSchema, type GraphQLSchema } from 'graphql'
import { createRequire } from 'node:module'
import type { DataProduct } from '../descriptor/data-product.js'
import { acceptanceOf, type Acceptance } from './accept-breaking-changes.js'
import { DEPRECATION_DATE } from './deprecation-date.js'
import { customProperty, type OdcsContract, type OdcsProperty } from './odcs.js'

export interface MeshState {
  /** The supergraph SDL (join directives and all); its API schema is what clients see. Absent when the state has none. */
  readonly supergraphSdl?: string
  /** The ODCS contracts of every data product. */
  readonly contracts: readonly OdcsContract[]
  /** The descriptors, when known: their versions say which breaking changes are intended, their deprecations must carry a date. */
  readonly products?: readonly DataProduct[]
}

export type ChangeSource = 'schema' | 'contract' | 'deprecation'

export interface ContractChange {
  readonly source: ChangeSource
  /** graphql-inspector's change type (`FIELD_REMOVED`) or our rule (`property-removed`). */
  readonly rule: string
  /** The coordinate, product or contract element concerned. */
  readonly where: string
  readonly message: string
  readonly breaking: boolean
  /** On a breaking change: whether the products it breaks announced it as intended, and why (not). */
  readonly acceptance?: Acceptance
}

export { DEPRECATION_DATE }

const CLASSIFICATION_RANK: Readonly<Record<string, number>> = { pii: 0, confidential: 1, internal: 2, public: 3 }
const ACCESS_PROPERTIES = ['mask', 'authenticated', 'requiresScopes', 'policies'] as const

/** `[Order!]!` and `[Order]` differ only in nullability. */
const withoutNonNull = (type: string) => type.replace(/!/g, '')

function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return governedSchema(supergraphSdl).apiSchema
}

// graphql-inspector and the schemas it compares must come from one copy of graphql, and
// graphql ships two (CommonJS and ESM) that refuse each other's types. Whatever runs this
// module (tsx, vitest), inspector is loaded as CommonJS and handed schemas rebuilt, from
// their SDL, with the CommonJS graphql it requires.
const require = createRequire(import.meta.url)
const inspector = require('@graphql-inspector/core') as typeof import('@graphql-inspector/core')
const commonJsGraphql = require('graphql') as typeof import('graphql')

function inspectable(supergraphSdl: string): GraphQLSchema {
  return commonJsGraphql.buildSchema(printSchema(apiSchemaOf(supergraphSdl)))
}

/**
 * The API schema's changes, as graphql-inspector classifies them, with one exception: an
 * output field whose type changes only in nullability (`total: Float!` → `total: Float`) is
 * not breaking here. Governance may null any deniable field, and the composition lint
 * requires such fields to be nullable, so making a field nullable is how access rules are
 * added; it is reported, not refused. Arguments and input fields follow graphql-inspector:
 * one that becomes required breaks the callers that omit it.
 */
async function schemaChanges(base: string, head: string): Promise<ContractChange[]> {
  const changes: Change[] = await inspector.diff(inspectable(base), inspectable(head))
  const found: ContractChange[] = []
  for (const change of changes) {
    const level = change.criticality.level
    if (level === inspector.CriticalityLevel.NonBreaking) continue
    const where = change.path ?? '-'
    const meta = change.meta as { oldFieldType?: string; newFieldType?: string }
    const nullabilityOnly =
      change.type === 'FIELD_TYPE_CHANGED' && meta.oldFieldType !== undefined && meta.newFieldType !== undefined && withoutNonNull(meta.oldFieldType) === withoutNonNull(meta.newFieldType)
    if (level === inspector.CriticalityLevel.Breaking && !nullabilityOnly) {
      found.push({ source: 'schema', rule: change.type, where, message: change.message, breaking: true })
    } else {
      const why = nullabilityOnly ? 'consumers must now expect null there' : change.criticality.reason ?? 'it may change how existing operations behave'
      found.push({ source: 'schema', rule: change.type, where, message: `${change.message} (not breaking: ${why})`, breaking: false })
    }
  }
  return found
}

function accessOf(property: OdcsProperty): Record<string, string> {
  return Object.fromEntries(
    ACCESS_PROPERTIES.flatMap((name) => {
      const value = customProperty(property, name)
      return value === undefined ? [] : [[name, JSON.stringify(value)]]
    }),
  )
}

function propertyChanges(product: string, path: string, before: OdcsProperty, after: OdcsProperty): ContractChange[] {
  const found: ContractChange[] = []
  const report = (rule: string, message: string, breaking = true) => found.push({ source: 'contract', rule, where: `${product} ${path}`, message: `${product}: ${path} ${message}`, breaking })
  const oldType = `${before.logicalType ?? '?'} ${withoutNonNull(before.physicalType ?? '')}`
  const newType = `${after.logicalType ?? '?'} ${withoutNonNull(after.physicalType ?? '')}`
  if (oldType !== newType) {
    report('property-retyped', `changed type from ${before.physicalType ?? before.logicalType} (${before.logicalType ?? 'no logical type'}) to ${after.physicalType ?? after.logicalType} (${after.logicalType ?? 'no logical type'})`)
    return found
  }
  if (!before.required && after.required) report('property-required', 'became required')
  if (before.required && !after.required) report('property-optional', 'is no longer required: consumers must now expect null there', false)

  const oldRank = CLASSIFICATION_RANK[before.classification ?? 'public'] ?? 3
  const newRank = CLASSIFICATION_RANK[after.classification ?? 'public'] ?? 3
  if (newRank < oldRank) report('classification-stricter', `is now classified ${after.classification} (was ${before.classification ?? 'public'}): consumers may lose access to it or see it masked`)

  const oldAccess = accessOf(before)
  const newAccess = accessOf(after)
  for (const name of ACCESS_PROPERTIES) {
    const was = oldAccess[name]
    const now = newAccess[name]
    if (now !== undefined && now !== was) {
      report('access-tightened', `${was === undefined ? 'gained' : 'changed'} the access rule ${name}: ${now}${was === undefined ? '' : ` (was ${was})`}`)
    }
  }
  if (before.items && after.items) found.push(...propertyChanges(product, `${path}[]`, before.items, after.items))
  return found
}

interface RootField {
  readonly field: string
  readonly type: string
}

function rootFieldsOf(contract: OdcsContract): RootField[] {
  const value = customProperty(contract, 'rootFields')
  return Array.isArray(value) ? (value as RootField[]).filter((entry) => typeof entry?.field === 'string') : []
}

function contractChanges(base: readonly OdcsContract[], head: readonly OdcsContract[]): ContractChange[] {
  const found: ContractChange[] = []
  for (const before of base) {
    const after = head.find((contract) => contract.id === before.id)
    if (!after) {
      found.push({ source: 'contract', rule: 'product-removed', where: before.id, message: `data product ${before.id} was removed: its consumers lose their contract`, breaking: true })
      continue
    }
    for (const object of before.schema ?? []) {
      const successor = after.schema?.find((candidate) => candidate.name === object.name)
      if (!successor) {
        found.push({ source: 'contract', rule: 'object-removed', where: `${before.id} ${object.name}`, message: `${before.id}: ${object.name} is no longer part of the product`, breaking: true })
        continue
      }
      for (const property of object.properties ?? []) {
        const path = `${object.name}.${property.name}`
        const next = successor.properties?.find((candidate) => candidate.name === property.name)
        if (!next) found.push({ source: 'contract', rule: 'property-removed', where: `${before.id} ${path}`, message: `${before.id}: ${path} was removed`, breaking: true })
        else found.push(...propertyChanges(before.id, path, property, next))
      }
    }
    const nextRoots = rootFieldsOf(after)
    for (const root of rootFieldsOf(before)) {
      const next = nextRoots.find((candidate) => candidate.field === root.field)
      if (!next) {
        found.push({ source: 'contract', rule: 'root-field-removed', where: `${before.id} ${root.field}`, message: `${before.id}: root field ${root.field} is no longer part of the product`, breaking: true })
      } else if (withoutNonNull(next.type) !== withoutNonNull(root.type)) {
        found.push({ source: 'contract', rule: 'root-field-retyped', where: `${before.id} ${root.field}`, message: `${before.id}: root field ${root.field} changed type from ${root.type} to ${next.type}`, breaking: true })
      }
    }
  }
  return found
}

function undatedDeprecations(supergraphSdl: string | undefined, products: readonly DataProduct[]): ContractChange[] {
  const found: ContractChange[] = []
  const report = (where: string, reason: string) =>
    found.push({
      source: 'deprecation',
      rule: 'deprecation-date',
      where,
      message: `${where} is @deprecated without a date (YYYY-MM-DD) in its reason: "${reason}"`,
      breaking: true,
    })
  if (supergraphSdl) {
    const schema = apiSchemaOf(supergraphSdl)
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          const coordinate = `${type.name}.${field.name}`
          if (field.deprecationReason != null && !DEPRECATION_DATE.test(field.deprecationReason)) report(coordinate, field.deprecationReason)
          for (const arg of field.args) {
            if (arg.deprecationReason != null && !DEPRECATION_DATE.test(arg.deprecationReason)) report(`${coordinate}(${arg.name}:)`, arg.deprecationReason)
          }
        }
      } else if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (field.deprecationReason != null && !DEPRECATION_DATE.test(field.deprecationReason)) report(`${type.name}.${field.name}`, field.deprecationReason)
        }
      } else if (isEnumType(type)) {
        for (const value of type.getValues()) {
          if (value.deprecationReason != null && !DEPRECATION_DATE.test(value.deprecationReason)) report(`${type.name}.${value.name}`, value.deprecationReason)
        }
      }
    }
  }
  for (const product of products) {
    if (product.status === 'deprecated' && !product.deprecation?.date) {
      found.push({ source: 'deprecation', rule: 'deprecation-date', where: product.id, message: `${product.source}: ${product.id} is deprecated but no deprecation.date says from when`, breaking: true })
    }
  }
  return found
}

/**
 * Every change between the two states worth reporting, breaking or not: schema first, then
 * contracts, then deprecations. Each breaking change carries its acceptance.
 */
export async function compareStates(base: MeshState, head: MeshState): Promise<ContractChange[]> {
  const changes = [
    ...(base.supergraphSdl && head.supergraphSdl ? await schemaChanges(base.supergraphSdl, head.supergraphSdl) : []),
    ...contractChanges(base.contracts, head.contracts),
    ...undatedDeprecations(head.supergraphSdl, head.products ?? []),
  ]
  if (!changes.some((change) => change.breaking)) return changes
  const judge = acceptanceOf(base, head)
  return changes.map((change) => (change.breaking ? { ...change, acceptance: judge(change) } : change))
}

/** The breaking changes not accepted (and deprecations without a date): what `contract check` refuses. */
export async function findBreakingChanges(base: MeshState, head: MeshState): Promise<ContractChange[]> {
  return (await compareStates(base, head)).filter((change) => change.breaking && !change.acceptance?.accepted)
}
