export { ALLOW, allow, deny, mask, looser, stricter, type Decision, type Effect } from './decision.js'
export { definePolicy, type FieldMetadata, type Policy, type PolicyInput, type Requirement } from './define-policy.js'
export { PolicyEngine, type FieldDecision } from './policy-engine.js'
