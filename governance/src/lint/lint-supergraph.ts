// Composition is governance too: before a supergraph is accepted, every type and root
// field is described, every classification is in the vocabulary, every pii or
// confidential field has an access rule, every @policy names a policy some code defines,
// every mask fits its field, and every field that can be denied can be null.
import { isObjectType, isInterfaceType, isTypeDefinitionNode, Kind, parse, type GraphQLNamedType } from 'graphql'
import { maskStrategies } from '../masking/strategies.js'
import type { FieldMetadata } from '../policy/define-policy.js'
import { eachTarget } from '../schema/argument-targets.js'
import { governedSchema } from '../schema/governed-schema.js'
import { CLASSIFICATIONS, isClassification, MASK_STRATEGIES } from '../vocabulary.js'

export interface LintProblem {
  /** `Type` or `Type.field` */
  readonly coordinate: string
  readonly domain: string | undefined
  readonly rule: LintRule
  readonly message: string
}

export const LINT_RULES = {
  'described-types': 'every type and every root field has a description',
  'classification-vocabulary': `@tag names a classification from the vocabulary (${CLASSIFICATIONS.join(', ')})`,
  'classified-needs-rule': 'a pii or confidential field carries an access rule (@mask, @requiresScopes, @policy or @authenticated)',
  'known-policy': '@policy names only policies that code defines',
  'mask-strategy': `@mask uses a known strategy (${MASK_STRATEGIES.join(', ')}) that fits the field's type`,
  'deniable-is-nullable': 'a field that an access rule can deny (or mask to null) is nullable, so a denial nulls only that field',
  'filter-maps-to-field': 'every argument over a type with governed fields says which fields it tests (by its name or @filterOn), so it is governed like them',
} as const

export type LintRule = keyof typeof LINT_RULES

const strategies = maskStrategies('lint')
const BUILT_IN = new Set(['Query', 'Mutation', 'Subscription'])

function isInternal(type: GraphQLNamedType): boolean {
  return type.name.startsWith('__')
}

export function lintSupergraph(supergraphSdl: string, policyNames: ReadonlySet<string>): LintProblem[] {
  const { apiSchema, fields, arguments: targets } = governedSchema(supergraphSdl)
  const problems: LintProblem[] = []
  const report = (coordinate: string, domain: string | undefined, rule: LintRule, message: string) =>
    problems.push({ coordinate, domain, rule, message })

  for (const type of Object.values(apiSchema.getTypeMap())) {
    if (isInternal(type)) continue
    if (!type.description?.trim() && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) {
      report(type.name, undefined, 'described-types', `type ${type.name} has no description`)
    }
    if (BUILT_IN.has(type.name) && isObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description?.trim()) report(`${type.name}.${field.name}`, fields.get(`${type.name}.${field.name}`)?.domain, 'described-types', `root field ${type.name}.${field.name} has no description`)
      }
    }
  }

  // A type's @tag classifies all its fields, so a tag outside the vocabulary there (a typo
  // such as "PII") would silently leave them unclassified.
  for (const definition of parse(supergraphSdl).definitions) {
    if (!isTypeDefinitionNode(definition) || !apiSchema.getType(definition.name.value)) continue
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'tag') continue
      const value = directive.arguments?.find((arg) => arg.name.value === 'name')?.value
      const tag = value?.kind === Kind.STRING ? value.value : ''
      if (!isClassification(tag)) {
        report(definition.name.value, undefined, 'classification-vocabulary', `@tag(name: "${tag}") is not a classification; use one of ${CLASSIFICATIONS.join(', ')}`)
      }
    }
  }

  for (const field of fields.values()) {
    const type = apiSchema.getType(field.typeName)
    if (!type || !(isObjectType(type) || isInterfaceType(type))) continue
    lintField(field, policyNames, (rule, message) => report(field.coordinate, field.domain, rule, message))
  }

  // An argument over a type some of whose fields are governed might select by one of them:
  // composition must know which field it tests, or the gateway could not govern it.
  const governed = (typeName: string) =>
    [...fields.values()].some((field) => field.typeName === typeName && (field.requirements.length > 0 || (field.classification !== undefined && field.classification !== 'public')))
  for (const [fieldCoordinate, byArgument] of targets) {
    const domain = fields.get(fieldCoordinate)?.domain
    for (const root of byArgument.values()) {
      for (const target of eachTarget(root)) {
        if (target.unknown) {
          report(target.coordinate, domain, 'filter-maps-to-field', `@filterOn names ${target.unknown.join(', ')}, which the filtered type does not have`)
        }
        if (target.unmapped && governed(target.filtered)) {
          report(
            target.coordinate,
            domain,
            'filter-maps-to-field',
            `cannot tell which field of ${target.filtered} this argument tests, and ${target.filtered} has governed fields; name them with @filterOn(fields: [...])`,
          )
        }
      }
    }
  }
  return problems
}

function lintField(field: FieldMetadata, policyNames: ReadonlySet<string>, report: (rule: LintRule, message: string) => void): void {
  for (const tag of field.tags) {
    if (!isClassification(tag)) report('classification-vocabulary', `@tag(name: "${tag}") is not a classification; use one of ${CLASSIFICATIONS.join(', ')}`)
  }
  const canDeny = field.requirements.length > 0
  if ((field.classification === 'pii' || field.classification === 'confidential') && !canDeny && !field.mask) {
    report('classified-needs-rule', `${field.classification} field has no access rule; add @mask, @requiresScopes, @policy or @authenticated`)
  }
  for (const requirement of field.requirements) {
    if (requirement.directive !== 'policy') continue
    for (const name of requirement.anyOf.flat()) {
      if (!policyNames.has(name)) report('known-policy', `@policy names "${name}", which no global or domain policy defines`)
    }
  }
  if (field.unknownMask !== undefined) {
    report('mask-strategy', `@mask(strategy: "${field.unknownMask}") is not a strategy; use one of ${MASK_STRATEGIES.join(', ')}`)
  }
  // The global pii policy masks every pii field, with the default strategy when none is given.
  const effectiveMask = field.mask ?? (field.classification === 'pii' && field.unknownMask === undefined ? 'redact' : undefined)
  if (effectiveMask) {
    const strategy = strategies[effectiveMask]
    if (strategy.appliesTo !== 'any' && !strategy.appliesTo.includes(field.returnType)) {
      const written = field.mask ? `@mask(strategy: "${field.mask}")` : `without @mask, the default strategy "${effectiveMask}"`
      report('mask-strategy', `${written} cannot produce a ${field.returnType}; it fits ${strategy.appliesTo.join(', ')}`)
    }
  }
  // The global confidential policy denies anonymous subjects, whatever the field's own rules.
  const deniable = canDeny || field.classification === 'confidential'
  if (!field.nullable && (deniable || effectiveMask === 'null')) {
    report('deniable-is-nullable', `field can be ${deniable ? 'denied' : 'masked to null'} but is non-null; make it nullable`)
  }
}
