// The governance vocabulary a domain writes in its SDL: Federation 2's own authorization
// directives, `@tag` for classification, and our `@mask`, carried into the supergraph
// with `@composeDirective` under the link below.
export const GOVERNANCE_SPEC_URL = 'https://datamesh.dev/governance/v1.0'

/** How sensitive a field is, from most to least. Anything but `public` is classified. */
export const CLASSIFICATIONS = ['pii', 'confidential', 'internal', 'public'] as const
export type Classification = (typeof CLASSIFICATIONS)[number]

export const MASK_STRATEGIES = ['redact', 'hash', 'email', 'last4', 'year', 'null'] as const
export type MaskStrategyName = (typeof MASK_STRATEGIES)[number]

/** The directives that decide access; a field with none of them is open to everyone. */
export const ACCESS_DIRECTIVES = ['authenticated', 'requiresScopes', 'policy', 'mask'] as const
export type AccessDirective = (typeof ACCESS_DIRECTIVES)[number]

export function isClassification(value: string): value is Classification {
  return (CLASSIFICATIONS as readonly string[]).includes(value)
}

export function isMaskStrategy(value: string): value is MaskStrategyName {
  return (MASK_STRATEGIES as readonly string[]).includes(value)
}

/** The SDL a subgraph adds to use `@mask` (besides importing the Federation directives). */
export const MASK_DIRECTIVE_SDL = `directive @mask(strategy: String!) on FIELD_DEFINITION`
