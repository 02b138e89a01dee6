// Governs one operation before it is planned: every field it selects (through aliases,
// fragments, inline fragments, interfaces and unions) is decided; denied fields are cut
// from the document so that no subgraph is ever asked for them, and what must happen to
// the response (nulls and errors where fields were cut, masks on values) is compiled into
// a plan of steps that is cheap to apply after execution.
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isListType,
  isNonNullType,
  Kind,
  type DirectiveNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql'
import type { FieldDecision } from '../policy/policy-engine.js'
import type { ArgumentTarget, ArgumentTargets } from '../schema/argument-targets.js'

/** `@include(if: ...)` / `@skip(if: ...)`: a literal, or a variable read at apply time. */
export interface Condition {
  readonly include: boolean
  readonly value: boolean | { readonly variable: string }
}

export interface FieldStep {
  readonly responseKey: string
  /** Where it sits in the response, with `@` standing for list positions. */
  readonly path: string
  readonly decision: FieldDecision
  readonly action: 'deny' | 'mask' | 'descend'
  /** The step applies only to objects of these types (a fragment narrowed the parent type). */
  readonly onlyFor?: ReadonlySet<string>
  /** @include/@skip on the field and on the fragments around it, within its selection set. */
  readonly conditions: readonly Condition[]
  readonly children: readonly FieldStep[]
  /** For `deny`: the selection, as reported in errors and audit. */
  readonly denied?: DeniedSelection
}

/** A selected field the policy engine denied. */
export interface DeniedSelection {
  readonly decision: FieldDecision
  /** Where it sits in the response, with `@` standing for list positions. */
  readonly responsePath: string
  /** Every @include/@skip from the root down to it, to tell whether it was really asked for. */
  readonly conditions: readonly Condition[]
}

/**
 * An argument the subject may not give: it tests a field the subject is denied or sees
 * masked. It counts only when the request really gives it (a literal, or a variable whose
 * value has it) and the field carrying it is really asked for.
 */
export interface ArgumentTest {
  /** `Query.customers(filter.segment:)` */
  readonly argument: string
  /** The decision on the field it tests. */
  readonly decision: FieldDecision
  /** Where the field carrying the argument sits in the response. */
  readonly responsePath: string
  readonly conditions: readonly Condition[]
  /** Given as a literal, or inside a variable at this path (array items searched alike). */
  readonly source: { readonly literal: true } | { readonly variable: string; readonly path: readonly string[] }
}

export interface PlanParts {
  readonly steps: readonly FieldStep[]
  readonly denied: readonly DeniedSelection[]
  readonly argumentTests: readonly ArgumentTest[]
  readonly decisions: ReadonlyMap<string, FieldDecision>
  readonly deniedNodes: ReadonlySet<FieldNode>
  /** Selection sets whose objects must report their __typename for narrowed steps. */
  readonly typenameSets: ReadonlySet<SelectionSetNode>
  /** The operation names a field or fragment the schema lacks: leave it to validation. */
  readonly invalid: boolean
}

type Decide = (coordinate: string) => FieldDecision

function conditionsOf(directives: readonly DirectiveNode[] | undefined): Condition[] {
  const found: Condition[] = []
  for (const directive of directives ?? []) {
    const name = directive.name.value
    if (name !== 'include' && name !== 'skip') continue
    const value = directive.arguments?.find((arg) => arg.name.value === 'if')?.value
    if (value?.kind === Kind.BOOLEAN) found.push({ include: name === 'include', value: value.value })
    if (value?.kind === Kind.VARIABLE) found.push({ include: name === 'include', value: { variable: value.name.value } })
  }
  return found
}

export function conditionsHold(conditions: readonly Condition[], variables: Readonly<Record<string, unknown>> | undefined): boolean {
  for (const { include, value } of conditions) {
    const flag = typeof value === 'boolean' ? value : Boolean(variables?.[value.variable])
    if (flag !== include) return false
  }
  return true
}

function listDepth(type: GraphQLOutputType): number {
  const unwrapped = isNonNullType(type) ? type.ofType : type
  return isListType(unwrapped) ? 1 + listDepth(unwrapped.ofType) : 0
}

interface Scope {
  readonly parent: GraphQLCompositeType
  readonly path: string
  /** Conditions of the enclosing fields, from the root. */
  readonly ancestry: readonly Condition[]
  /** Conditions of enclosing fragments within the current selection set. */
  readonly local: readonly Condition[]
  readonly narrowed: ReadonlySet<string> | undefined
  /** The selection set of the field (or operation) the current objects come from. */
  readonly owner: SelectionSetNode
  readonly fragmentsOnPath: ReadonlySet<string>
}

/** Whether the variables give a value at `path` (through objects, and any item of a list). */
export function givenIn(value: unknown, path: readonly string[]): boolean {
  if (value === null || value === undefined) return false
  if (path.length === 0) return true
  if (Array.isArray(value)) return value.some((item) => givenIn(item, path))
  if (typeof value !== 'object') return false
  const [head, ...rest] = path as [string, ...string[]]
  return givenIn((value as Record<string, unknown>)[head], rest)
}

export function planOperation(
  schema: GraphQLSchema,
  root: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  decide: Decide,
  targets: ArgumentTargets = new Map(),
): PlanParts {
  const denied: DeniedSelection[] = []
  const argumentTests: ArgumentTest[] = []
  const decisions = new Map<string, FieldDecision>()
  const deniedNodes = new Set<FieldNode>()
  const typenameSets = new Set<SelectionSetNode>()
  let invalid = false

  type Where = Pick<ArgumentTest, 'responsePath' | 'conditions'>
  const refuse = (target: ArgumentTarget, source: ArgumentTest['source'], where: Where) => {
    for (const coordinate of target.tests) {
      const decision = decide(coordinate)
      if (decision.effect !== 'allow') argumentTests.push({ argument: target.coordinate, decision, source, ...where })
    }
  }
  const testVariable = (target: ArgumentTarget, variable: string, path: readonly string[], where: Where) => {
    refuse(target, { variable, path }, where)
    for (const [name, inner] of target.fields ?? []) testVariable(inner, variable, [...path, name], where)
  }
  const testArgument = (target: ArgumentTarget, value: ValueNode, where: Where): void => {
    if (value.kind === Kind.NULL) return
    if (value.kind === Kind.VARIABLE) return testVariable(target, value.name.value, [], where)
    refuse(target, { literal: true }, where)
    if (value.kind === Kind.OBJECT && target.fields) {
      for (const field of value.fields) {
        const inner = target.fields.get(field.name.value)
        if (inner) testArgument(inner, field.value, where)
      }
    }
    if (value.kind === Kind.LIST) for (const item of value.values) if (target.fields) testArgument({ ...target, tests: [] }, item, where)
  }

  const visitSet = (set: SelectionSetNode, scope: Scope): FieldStep[] => set.selections.flatMap((selection) => visitSelection(selection, scope))

  const visitSelection = (selection: SelectionNode, scope: Scope): FieldStep[] => {
    if (selection.kind === Kind.FIELD) return visitField(selection, scope)
    const local = [...scope.local, ...conditionsOf(selection.directives)]
    let typeName: string | undefined
    let set: SelectionSetNode
    let fragmentsOnPath = scope.fragmentsOnPath
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      typeName = selection.typeCondition?.name.value
      set = selection.selectionSet
    } else {
      const fragment = fragments.get(selection.name.value)
      if (!fragment || fragmentsOnPath.has(fragment.name.value)) {
        invalid = true
        return []
      }
      fragmentsOnPath = new Set([...fragmentsOnPath, fragment.name.value])
      typeName = fragment.typeCondition.name.value
      set = fragment.selectionSet
    }
    const type = typeName === undefined ? scope.parent : schema.getType(typeName)
    if (!type || !isCompositeType(type)) {
      invalid = true
      return []
    }
    let narrowed = scope.narrowed
    if (type !== scope.parent) {
      const possible = new Set(isAbstractType(type) ? schema.getPossibleTypes(type).map((t) => t.name) : [type.name])
      narrowed = narrowed ? new Set([...narrowed].filter((name) => possible.has(name))) : possible
    }
    const steps = visitSet(set, { ...scope, parent: type, local, narrowed, fragmentsOnPath })
    if (narrowed !== scope.narrowed && steps.length) typenameSets.add(scope.owner)
    return steps
  }

  const visitField = (node: FieldNode, scope: Scope): FieldStep[] => {
    const name = node.name.value
    if (name.startsWith('__')) return []
    const definition = 'getFields' in scope.parent ? scope.parent.getFields()[name] : undefined
    if (!definition) {
      invalid = true
      return []
    }
    const decision = decide(`${scope.parent.name}.${name}`)
    decisions.set(decision.coordinate, decision)
    const responseKey = node.alias?.value ?? name
    const path = scope.path ? `${scope.path}.${responseKey}` : responseKey
    const conditions = [...scope.local, ...conditionsOf(node.directives)]
    const base = { responseKey, path, decision, conditions, ...(scope.narrowed ? { onlyFor: scope.narrowed } : {}) }
    if (decision.effect === 'deny') {
      const selection = { decision, responsePath: path, conditions: [...scope.ancestry, ...conditions] }
      deniedNodes.add(node)
      denied.push(selection)
      return [{ ...base, action: 'deny', children: [], denied: selection }]
    }
    const byArgument = node.arguments?.length ? targets.get(decision.coordinate) : undefined
    if (byArgument) {
      const where = { responsePath: path, conditions: [...scope.ancestry, ...conditions] }
      for (const argument of node.arguments ?? []) {
        const target = byArgument.get(argument.name.value)
        if (target) testArgument(target, argument.value, where)
      }
    }
    if (decision.effect === 'mask') return [{ ...base, action: 'mask', children: [] }]
    const returned = getNamedType(definition.type)
    if (!node.selectionSet || !isCompositeType(returned)) return []
    const children = visitSet(node.selectionSet, {
      parent: returned,
      path: path + '.@'.repeat(listDepth(definition.type)),
      ancestry: [...scope.ancestry, ...conditions],
      local: [],
      narrowed: undefined,
      owner: node.selectionSet,
      fragmentsOnPath: scope.fragmentsOnPath,
    })
    return children.length ? [{ ...base, action: 'descend', children }] : []
  }

  const steps = visitSet(selectionSet, {
    parent: root,
    path: '',
    ancestry: [],
    local: [],
    narrowed: undefined,
    owner: selectionSet,
    fragmentsOnPath: new Set(),
  })
  return { steps, denied, argumentTests, decisions, deniedNodes, typenameSets, invalid }
}
