// The gateway's governance in two calls: `prepare` decides an operation for a subject and
// purpose before query planning (cut denied fields, compile the response plan), `finish`
// applies the plan to the executed result. Preparations are cached per operation and
// grant, so a repeated operation costs one map lookup.
import { DataMeshError, ErrorCode } from '@datamesh/kit'
import { Kind, type FragmentDefinitionNode, type GraphQLCompositeType, type OperationDefinitionNode } from 'graphql'
import { LRUCache } from 'lru-cache'
import { maskStrategies, type MaskFunction } from '../masking/strategies.js'
import type { FieldDecision, PolicyEngine } from '../policy/policy-engine.js'
import type { GovernedSchema } from '../schema/governed-schema.js'
import { grantKey, type Subject } from '../subject.js'
import type { MaskStrategyName } from '../vocabulary.js'
import type { AuditedField } from '../audit/audit-event.js'
import { applyPlan } from './apply-plan.js'
import { conditionsHold, givenIn, planOperation, type ArgumentTest, type DeniedSelection, type FieldStep } from './operation-plan.js'
import { rewriteDocument } from './rewrite-document.js'

export interface PreparedOperation {
  /** sha256 of the operation text as the client sent it. */
  readonly hash: string
  readonly operationName: string | undefined
  /** The document to execute: the client's text unless fields were cut. */
  readonly query: string
  /** What to do to the response; undefined when nothing in it is governed. */
  readonly steps: readonly FieldStep[] | undefined
  readonly denied: readonly DeniedSelection[]
  /** Arguments that test fields the subject may not read raw: the request may not give them. */
  readonly argumentTests: readonly ArgumentTest[]
  /** Every field coordinate the operation selects, with its decision. */
  readonly decisions: ReadonlyMap<string, FieldDecision>
  /** What the audit trail records: classified fields read, and every field not simply allowed. */
  readonly audited: readonly AuditedField[]
  /** The root fields (`Query.orders`) the operation asks for: latency is measured per root field. */
  readonly rootFields: readonly string[]
  /** The Boolean defaults the operation declares (`$show: Boolean = true`): @include/@skip read them when a request leaves the variable out. */
  readonly variableDefaults?: Readonly<Record<string, boolean>>
}

export interface ExecutionResult {
  data?: Record<string, unknown> | null
  errors?: readonly unknown[]
  extensions?: Record<string, unknown>
}

export interface EnforcerOptions {
  readonly schema: GovernedSchema
  readonly engine: PolicyEngine
  /** Keys the `hash` strategy. */
  readonly maskKey: string
  readonly cacheSize?: number
}

/** An operation the gateway admitted: parsed once, its limits and values checked (so a required variable whose only use is cut was still required of the request). */
export interface OperationToGovern {
  /** The text as the client sent it, and its sha256. */
  readonly query: string
  readonly hash: string
  readonly operation: OperationDefinitionNode
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>
}

function booleanDefaults(operation: OperationDefinitionNode): Record<string, boolean> | undefined {
  const defaults: Record<string, boolean> = {}
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue?.kind === Kind.BOOLEAN) defaults[definition.variable.name.value] = definition.defaultValue.value
  }
  return Object.keys(defaults).length ? defaults : undefined
}

/** The variables as execution sees them: what the request gave, else the operation's defaults. */
function withDefaults(prepared: PreparedOperation, variables: Readonly<Record<string, unknown>> | undefined): Readonly<Record<string, unknown>> | undefined {
  return prepared.variableDefaults ? { ...prepared.variableDefaults, ...variables } : variables
}

export class Enforcer {
  readonly #schema: GovernedSchema
  readonly #engine: PolicyEngine
  readonly #masks: Readonly<Record<MaskStrategyName, MaskFunction>>
  readonly #prepared: LRUCache<string, PreparedOperation>

  constructor(options: EnforcerOptions) {
    this.#schema = options.schema
    this.#engine = options.engine
    const strategies = maskStrategies(options.maskKey)
    this.#masks = Object.fromEntries(Object.entries(strategies).map(([name, strategy]) => [name, strategy.apply])) as Record<MaskStrategyName, MaskFunction>
    this.#prepared = new LRUCache({ max: options.cacheSize ?? 2_000 })
  }

  prepare(admitted: OperationToGovern, subject: Subject, purpose: string | undefined): PreparedOperation {
    const key = `${admitted.hash}\u0000${admitted.operation.name?.value ?? ''}\u0000${grantKey(subject, purpose)}`
    let prepared = this.#prepared.get(key)
    if (!prepared) {
      prepared = this.#plan(admitted, subject, purpose)
      this.#prepared.set(key, prepared)
    }
    return prepared
  }

  #plan({ query, hash, operation, fragments }: OperationToGovern, subject: Subject, purpose: string | undefined): PreparedOperation {
    const operationName = operation.name?.value
    const untouched = { hash, operationName, query, steps: undefined, denied: [], argumentTests: [], decisions: new Map(), audited: [], rootFields: [] }
    const root = this.#schema.apiSchema.getRootType(operation.operation)
    if (!root) return untouched
    const parts = planOperation(
      this.#schema.apiSchema,
      root as GraphQLCompositeType,
      operation.selectionSet,
      fragments,
      (coordinate) => this.#engine.decide(coordinate, subject, purpose),
      this.#schema.arguments,
    )
    if (parts.invalid) return untouched // Apollo reports the validation error; nothing executes.
    const variableDefaults = booleanDefaults(operation)
    const rewritten = parts.deniedNodes.size || parts.typenameSets.size ? rewriteDocument(operation, fragments, parts) : undefined
    return {
      hash,
      operationName,
      query: rewritten?.query ?? query,
      steps: parts.steps.length ? parts.steps : undefined,
      denied: parts.denied,
      argumentTests: parts.argumentTests,
      decisions: parts.decisions,
      audited: this.#audited(parts.decisions),
      rootFields: [...parts.decisions.keys()].filter((coordinate) => coordinate.startsWith(`${root.name}.`)),
      ...(variableDefaults ? { variableDefaults } : {}),
    }
  }

  #audited(decisions: ReadonlyMap<string, FieldDecision>): AuditedField[] {
    const audited: AuditedField[] = []
    for (const decision of decisions.values()) {
      const classification = this.#schema.fields.get(decision.coordinate)?.classification
      if ((!classification || classification === 'public') && decision.effect === 'allow') continue
      audited.push({
        coordinate: decision.coordinate,
        classification,
        effect: decision.effect,
        ...(decision.policy ? { policy: decision.policy } : {}),
        ...(decision.effect === 'allow' ? {} : { reason: decision.reason }),
      })
    }
    return audited
  }

  /** The denied selections this request really asked for (its @include/@skip considered). */
  activeDenials(prepared: PreparedOperation, variables: Readonly<Record<string, unknown>> | undefined): DeniedSelection[] {
    const effective = withDefaults(prepared, variables)
    return prepared.denied.filter((selection) => conditionsHold(selection.conditions, effective))
  }

  /**
   * The arguments this request gives that test a field the subject may not read raw: the
   * operation must not run (it would reveal what the field holds). The FORBIDDEN errors to
   * answer, and the fields the audit trail records as refused; undefined when there are none.
   */
  refusedArguments(
    prepared: PreparedOperation,
    variables: Readonly<Record<string, unknown>> | undefined,
  ): { readonly errors: readonly DataMeshError[]; readonly audited: readonly AuditedField[] } | undefined {
    if (prepared.argumentTests.length === 0) return undefined
    const effective = withDefaults(prepared, variables)
    const given = prepared.argumentTests.filter(
      (test) => conditionsHold(test.conditions, effective) && ('literal' in test.source || givenIn(variables?.[test.source.variable], test.source.path)),
    )
    if (given.length === 0) return undefined
    return {
      errors: given.map(forbiddenArgument),
      audited: given.map(({ argument, decision }) => ({
        coordinate: decision.coordinate,
        classification: this.#schema.fields.get(decision.coordinate)?.classification,
        effect: 'deny' as const,
        ...(decision.policy ? { policy: decision.policy } : {}),
        reason: `${argument} tests it: ${decision.reason}`,
      })),
    }
  }

  /** Applies the plan to an executed result: nulls and FORBIDDEN errors for denials, masks, and what was masked. */
  finish(prepared: PreparedOperation, result: ExecutionResult, variables: Readonly<Record<string, unknown>> | undefined): ExecutionResult {
    if (!prepared.steps || !result.data) return result
    const applied = applyPlan(result.data, prepared.steps, withDefaults(prepared, variables), this.#masks)
    const errors = [...(result.errors ?? [])]
    for (const [selection, path] of applied.denied) errors.push({ ...forbidden(selection).toJSON(), path })
    const governance: Record<string, unknown> = {}
    if (applied.masked.size) {
      governance.masked = [...applied.masked].map(([path, { coordinate, strategy }]) => ({ path, coordinate, strategy }))
    }
    if (applied.denied.size) governance.denied = [...applied.denied.keys()].map((selection) => selection.decision.coordinate)
    return {
      data: result.data,
      ...(errors.length ? { errors } : {}),
      ...(Object.keys(governance).length || result.extensions ? { extensions: { ...result.extensions, ...(Object.keys(governance).length ? { governance } : {}) } } : {}),
    }
  }
}

/** The rule that decided a denial or a mask, as errors name it: `@policy customers.staff-only`. */
function ruleOf(decision: FieldDecision): string {
  return decision.policy ? `${decision.directive} ${decision.policy}` : (decision.directive ?? '')
}

/** What a FORBIDDEN error carries about the decision behind it. */
function decisionExtensions(decision: FieldDecision): Record<string, unknown> {
  return { coordinate: decision.coordinate, directive: decision.directive, ...(decision.policy ? { policy: decision.policy } : {}), reason: decision.reason }
}

/** The FORBIDDEN error for an argument that tests a field the subject may not read raw. */
export function forbiddenArgument(test: ArgumentTest): DataMeshError {
  const { decision } = test
  const seen = decision.effect === 'mask' ? 'which this subject sees only masked' : 'which is forbidden to this subject'
  return new DataMeshError(ErrorCode.FORBIDDEN, `${test.argument} tests ${decision.coordinate}, ${seen} (${ruleOf(decision)}): ${decision.reason}`, {
    argument: test.argument,
    ...decisionExtensions(decision),
  })
}

/** The FORBIDDEN error for a denied selection: the coordinate, the rule and the policy that failed. */
export function forbidden(selection: DeniedSelection): DataMeshError {
  const { decision } = selection
  return new DataMeshError(ErrorCode.FORBIDDEN, `${decision.coordinate} is forbidden (${ruleOf(decision)}): ${decision.reason}`, decisionExtensions(decision))
}
