// Applies an operation's plan to its response: a denied field becomes null where it was
// asked for, a masked value is transformed, and the helper `__dm_t` fields are removed.
// Only the branches of the response that lead to a governed field are walked.
import { applyMask, type MaskFunction } from '../masking/strategies.js'
import type { MaskStrategyName } from '../vocabulary.js'
import { conditionsHold, type DeniedSelection, type FieldStep } from './operation-plan.js'
import { TYPENAME_ALIAS } from './rewrite-document.js'

export interface AppliedPlan {
  /** Each denied selection that the response reached, with the first concrete path to it. */
  readonly denied: Map<DeniedSelection, readonly (string | number)[]>
  /** Masked fields by path pattern (`customers.edges.@.node.email`). */
  readonly masked: Map<string, { coordinate: string; strategy: MaskStrategyName }>
}

type Json = Record<string, unknown>

export function applyPlan(
  data: Json,
  steps: readonly FieldStep[],
  variables: Readonly<Record<string, unknown>> | undefined,
  masks: Readonly<Record<MaskStrategyName, MaskFunction>>,
): AppliedPlan {
  const applied: AppliedPlan = { denied: new Map(), masked: new Map() }
  const path: (string | number)[] = []
  // An object is walked once per step that reaches it, and the same field may be selected
  // twice (`people { email } people { ... on Employee { email } }`): its type must outlive
  // the removal of `__dm_t`, and a value is masked once (masking a pseudonym again changes it).
  const typenames = new WeakMap<Json, string>()
  const maskedKeys = new WeakMap<Json, Set<string>>()

  const onValue = (value: unknown, children: readonly FieldStep[]) => {
    if (value === null || typeof value !== 'object') return
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        path.push(index)
        onValue(value[index], children)
        path.pop()
      }
      return
    }
    onObject(value as Json, children)
  }

  const onObject = (object: Json, steps: readonly FieldStep[]) => {
    const typename = (object[TYPENAME_ALIAS] as string | undefined) ?? typenames.get(object)
    for (const step of steps) {
      if (step.onlyFor && (typename === undefined || !step.onlyFor.has(typename))) continue
      if (step.conditions.length && !conditionsHold(step.conditions, variables)) continue
      const key = step.responseKey
      path.push(key)
      if (step.action === 'deny') {
        object[key] = null
        if (step.denied && !applied.denied.has(step.denied)) applied.denied.set(step.denied, [...path])
      } else if (step.action === 'mask') {
        let done = maskedKeys.get(object)
        if (key in object && object[key] !== null && !done?.has(key)) {
          const strategy = step.decision.strategy ?? 'redact'
          object[key] = applyMask(masks[strategy], object[key])
          if (!done) maskedKeys.set(object, (done = new Set()))
          done.add(key)
          applied.masked.set(step.path, { coordinate: step.decision.coordinate, strategy })
        }
      } else {
        onValue(object[key], step.children)
      }
      path.pop()
    }
    if (typename !== undefined && TYPENAME_ALIAS in object) {
      typenames.set(object, typename)
      delete object[TYPENAME_ALIAS]
    }
  }

  onObject(data, steps)
  return applied
}
