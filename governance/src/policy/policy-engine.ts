// Decides, for one subject and purpose, what happens to each field: the SDL's access rules
// (on the field, its parent type and its return type) and every global policy that
// governs the field are all evaluated, and the strictest decision wins, so a domain can
// add restrictions but never lift a global one. Decisions depend only on the subject,
// the purpose and the field, so they are cached per grant and coordinate.
import { LRUCache } from 'lru-cache'
import { isAnonymous, grantKey, type Subject } from '../subject.js'
import type { MaskStrategyName } from '../vocabulary.js'
import { ALLOW, allow, deny, looser, stricter, type Decision, type Effect } from './decision.js'
import type { FieldMetadata, Policy, Requirement } from './define-policy.js'

export interface FieldDecision {
  readonly coordinate: string
  readonly effect: Effect
  readonly reason: string
  /** The rule that decided a mask or a denial: `@requiresScopes`, `@authenticated`, `@policy` or `global policy`. */
  readonly directive?: string
  /** The policy that decided it, when a policy did. */
  readonly policy?: string
  readonly strategy?: MaskStrategyName
}

interface Ruling {
  readonly decision: Decision
  readonly directive?: string
  readonly policy?: string
}

const OPEN: FieldDecision = Object.freeze({ coordinate: '', effect: 'allow', reason: 'allowed' })

function describeGroups(groups: readonly (readonly string[])[]): string {
  return groups.map((group) => group.join(' and ')).join(', or ')
}

export class PolicyEngine {
  readonly #fields: ReadonlyMap<string, FieldMetadata>
  readonly #global: readonly Policy[]
  readonly #byName: ReadonlyMap<string, Policy>
  readonly #cache = new LRUCache<string, Map<string, FieldDecision>>({ max: 1_000 })

  constructor(fields: ReadonlyMap<string, FieldMetadata>, policies: { global: readonly Policy[]; domain: readonly Policy[] }) {
    this.#fields = fields
    this.#global = policies.global
    const byName = new Map<string, Policy>()
    for (const policy of [...policies.global, ...policies.domain]) {
      if (byName.has(policy.name)) throw new Error(`policy ${policy.name} is defined twice`)
      byName.set(policy.name, policy)
    }
    this.#byName = byName
  }

  get policies(): ReadonlyMap<string, Policy> {
    return this.#byName
  }

  /** The decision for one field; an unknown coordinate (`__typename`, introspection) is allowed. */
  decide(coordinate: string, subject: Subject, purpose: string | undefined): FieldDecision {
    const key = grantKey(subject, purpose)
    let decisions = this.#cache.get(key)
    if (!decisions) {
      decisions = new Map()
      this.#cache.set(key, decisions)
    }
    let decision = decisions.get(coordinate)
    if (!decision) {
      const field = this.#fields.get(coordinate)
      decision = field ? this.#evaluate(field, subject, purpose) : { ...OPEN, coordinate }
      decisions.set(coordinate, decision)
    }
    return decision
  }

  #evaluate(field: FieldMetadata, subject: Subject, purpose: string | undefined): FieldDecision {
    let ruling: Ruling = { decision: ALLOW }
    const consider = (next: Ruling) => {
      if (stricter(ruling.decision, next.decision) === next.decision && next.decision.effect !== ruling.decision.effect) ruling = next
    }
    for (const requirement of field.requirements) consider(this.#requirement(requirement, field, subject, purpose))
    for (const policy of this.#global) {
      if (policy.appliesTo?.(field)) consider({ decision: policy.evaluate({ subject, purpose, field }), directive: 'global policy', policy: policy.name })
    }
    const { decision } = ruling
    return {
      coordinate: field.coordinate,
      effect: decision.effect,
      reason: decision.reason,
      ...(decision.effect === 'allow' ? {} : { directive: ruling.directive, ...(ruling.policy ? { policy: ruling.policy } : {}) }),
      ...(decision.effect === 'mask' ? { strategy: decision.strategy ?? field.mask ?? 'redact' } : {}),
    }
  }

  #requirement(requirement: Requirement, field: FieldMetadata, subject: Subject, purpose: string | undefined): Ruling {
    switch (requirement.directive) {
      case 'authenticated':
        return {
          decision: isAnonymous(subject) ? deny(`${requirement.declaredOn} requires an authenticated subject`) : ALLOW,
          directive: '@authenticated',
        }
      case 'requiresScopes': {
        const held = requirement.anyOf.some((group) => group.every((scope) => subject.scopes.has(scope)))
        return {
          decision: held ? ALLOW : deny(`${requirement.declaredOn} needs scope ${describeGroups(requirement.anyOf)}`),
          directive: '@requiresScopes',
        }
      }
      case 'policy': {
        // OR over groups (the loosest group wins), AND within a group (its strictest policy wins).
        let best: Ruling | undefined
        for (const group of requirement.anyOf) {
          let groupRuling: Ruling = { decision: allow(), directive: '@policy' }
          for (const name of group) {
            const policy = this.#byName.get(name)
            const decision = policy ? policy.evaluate({ subject, purpose, field }) : deny(`policy ${name} is not defined`)
            if (stricter(groupRuling.decision, decision) === decision && decision.effect !== groupRuling.decision.effect) {
              groupRuling = { decision, directive: '@policy', policy: name }
            }
          }
          best = best && looser(best.decision, groupRuling.decision) === best.decision ? best : groupRuling
        }
        return best ?? { decision: ALLOW }
      }
    }
  }
}
