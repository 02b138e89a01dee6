// What a policy decides for one field: allow it, mask its value, or deny it, with a reason.
// Decisions combine by strictness: deny is stricter than mask, mask than allow.
import type { MaskStrategyName } from '../vocabulary.js'

export type Effect = 'allow' | 'mask' | 'deny'

export interface Decision {
  readonly effect: Effect
  /** Why, in words a user can act on ("needs scope catalog:cost:read"). */
  readonly reason: string
  /** For `mask`: the strategy, when the policy chooses one over the field's `@mask`. */
  readonly strategy?: MaskStrategyName
}

export const ALLOW: Decision = Object.freeze({ effect: 'allow', reason: 'allowed' })

export function allow(reason = 'allowed'): Decision {
  return { effect: 'allow', reason }
}

export function mask(reason: string, strategy?: MaskStrategyName): Decision {
  return strategy ? { effect: 'mask', reason, strategy } : { effect: 'mask', reason }
}

export function deny(reason: string): Decision {
  return { effect: 'deny', reason }
}

const STRICTNESS: Readonly<Record<Effect, number>> = { allow: 0, mask: 1, deny: 2 }

export function stricter(a: Decision, b: Decision): Decision {
  return STRICTNESS[b.effect] > STRICTNESS[a.effect] ? b : a
}

export function looser(a: Decision, b: Decision): Decision {
  return STRICTNESS[b.effect] < STRICTNESS[a.effect] ? b : a
}
