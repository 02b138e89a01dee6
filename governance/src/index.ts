// @datamesh/governance: federated computational governance, as code.
export { ACCESS_DIRECTIVES, CLASSIFICATIONS, GOVERNANCE_SPEC_URL, MASK_DIRECTIVE_SDL, MASK_STRATEGIES, isClassification, isMaskStrategy, type Classification, type MaskStrategyName } from './vocabulary.js'
export { ANONYMOUS, createSubject, grantKey, grantOf, isAnonymous, type RequestGrant, type Subject } from './subject.js'
export {
  ALLOW,
  allow,
  definePolicy,
  deny,
  looser,
  mask,
  PolicyEngine,
  stricter,
  type Decision,
  type Effect,
  type FieldDecision,
  type FieldMetadata,
  type Policy,
  type PolicyInput,
  type Requirement,
} from './policy/index.js'
export { applyMask, maskStrategies, type MaskFunction, type MaskStrategy } from './masking/strategies.js'
export {
  classifyColumn,
  FINDING_KINDS,
  MIN_CONFIDENCE,
  proposeClassification,
  type ColumnSample,
  type Finding,
  type FindingKind,
  type ProposedClassification,
} from './classification/index.js'
export { governedSchema, type GovernedSchema, type ListSize } from './schema/governed-schema.js'
export { argumentTargets, conventionalTarget, eachTarget, type ArgumentTarget, type ArgumentTargets } from './schema/argument-targets.js'
export { Enforcer, forbidden, forbiddenArgument, type EnforcerOptions, type ExecutionResult, type OperationToGovern, type PreparedOperation } from './enforcement/enforcer.js'
export type { ArgumentTest, DeniedSelection, FieldStep } from './enforcement/operation-plan.js'
export { createTokenVerifier, DEFAULT_MAX_TOKEN_LIFETIME, maxTokenLifetime, type TokenVerifier, type TokenVerifierOptions } from './identity/token-verifier.js'
export { DEV_ISSUER, mintDevToken, type TokenClaims } from './identity/dev-token.js'
export { LINT_RULES, lintSupergraph, type LintProblem, type LintRule } from './lint/lint-supergraph.js'
export { outcomeOf, type AuditedField, type AuditEvent, type AuditEventRow, type AuditOutcome, type GovernanceDatabase, type ProductLoadsTable, type QualityResultsTable, type RootFieldLatencyTable } from './audit/audit-event.js'
export { auditModeOf, auditSpoolDirectory, openAuditTrail, type AuditMode, type AuditTrail, type AuditTrailOptions } from './audit/audit-trail.js'
export { AUDIT_WRITER_ROLE } from './audit/audit-shipper.js'
export { readAuditSpool, type SpoolSnapshot } from './audit/read-spool.js'
export { verifyAuditTrail, type AuditVerification, type BrokenLink } from './audit/verify-audit.js'
export { GOVERNANCE_STORE, governanceMigrations, openGovernanceStore } from './audit/governance-store.js'
export { readAuditEvents, type AuditQuery } from './audit/read-audit.js'
export { LatencyRecorder, type LatencyRecorderOptions } from './latency/latency-recorder.js'
export { globalPolicies, confidentialAccess, piiProtection, RAW_PII_PURPOSES } from '../policies/index.js'
