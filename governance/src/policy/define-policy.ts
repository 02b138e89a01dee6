// A policy: a named, pure function of the subject, the declared purpose and the field's
// metadata, returning allow, mask or deny with a reason. Global policies (governance/)
// apply to every field they choose; domain policies apply where the domain's SDL names
// them in `@policy`. Both are evaluated, and the stricter decision wins.
import type { Subject } from '../subject.js'
import type { Classification, MaskStrategyName } from '../vocabulary.js'
import type { Decision } from './decision.js'

/**
 * An access rule from the SDL: `@authenticated`, `@requiresScopes(scopes: ...)` or
 * `@policy(policies: ...)`, on the field itself, on its parent type or on its return type.
 * For the last two, the outer list is OR and the inner list AND.
 */
export interface Requirement {
  readonly directive: 'authenticated' | 'requiresScopes' | 'policy'
  readonly anyOf: readonly (readonly string[])[]
  /** The coordinate or type that carries the directive. */
  readonly declaredOn: string
}

/** What the supergraph says about one field. */
export interface FieldMetadata {
  /** `Type.field` */
  readonly coordinate: string
  readonly typeName: string
  readonly fieldName: string
  /** The named type the field returns (lists and non-null unwrapped). */
  readonly returnType: string
  readonly nullable: boolean
  /** The domain (subgraph) that owns the field. */
  readonly domain: string | undefined
  readonly classification: Classification | undefined
  readonly tags: readonly string[]
  readonly requirements: readonly Requirement[]
  readonly mask: MaskStrategyName | undefined
  /** The `@mask` strategy as written, when it is not one of the known strategies. */
  readonly unknownMask?: string
}

export interface PolicyInput {
  readonly subject: Subject
  readonly purpose: string | undefined
  readonly field: FieldMetadata
}

export interface Policy {
  /** Unique across the mesh: `<owner>.<name>`, such as `global.pii-protection` or `customers.own-record`. */
  readonly name: string
  readonly description: string
  /** For global policies: the fields it governs. Domain policies govern where `@policy` names them. */
  readonly appliesTo?: (field: FieldMetadata) => boolean
  evaluate(input: PolicyInput): Decision
}

const NAME = /^[a-z][a-z0-9]*\.[a-z][a-z0-9-]*$/

export function definePolicy(policy: Policy): Policy {
  if (!NAME.test(policy.name)) throw new Error(`policy name "${policy.name}" must look like owner.policy-name (lower case)`)
  return Object.freeze(policy)
}
