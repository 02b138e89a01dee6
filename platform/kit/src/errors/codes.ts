// The one registry of error codes. Every error a user can see carries one of these in
// `extensions.code`; the description says what it means and what to do about it.
export interface ErrorCodeDefinition {
  readonly code: string
  readonly description: string
  /** HTTP status when the error rejects a whole request. */
  readonly status: number
}

const registry = new Map<string, ErrorCodeDefinition>()

export function defineErrorCode(code: string, description: string, status = 400): ErrorCodeDefinition {
  if (registry.has(code)) throw new Error(`error code ${code} is defined twice`)
  const definition = Object.freeze({ code, description, status })
  registry.set(code, definition)
  return definition
}

/** Every registered code, for documentation and tests. */
export function errorCodes(): readonly ErrorCodeDefinition[] {
  return [...registry.values()]
}

export const ErrorCode = {
  BAD_USER_INPUT: defineErrorCode(
    'BAD_USER_INPUT',
    'An argument is out of range or malformed (a page size above the maximum, an unreadable cursor, an inverted date range). The message names the argument and the accepted range.',
  ),
  UNAUTHENTICATED: defineErrorCode(
    'UNAUTHENTICATED',
    'The request carries a token that is invalid, expired or unsigned (or, at a subgraph, no valid gateway grant). Send a valid `Authorization: Bearer` token, or none to be anonymous.',
    401,
  ),
  FORBIDDEN: defineErrorCode(
    'FORBIDDEN',
    'Governance denied a field (the message names its coordinate, the directive and the policy that failed) or the whole request (a purpose the token does not approve).',
    403,
  ),
  SUBGRAPH_UNAVAILABLE: defineErrorCode(
    'SUBGRAPH_UNAVAILABLE',
    'A domain could not be reached. Fields owned by other domains still answer; `extensions.domain` names the one that failed.',
    502,
  ),
  INTERNAL_SERVER_ERROR: defineErrorCode(
    'INTERNAL_SERVER_ERROR',
    'An unexpected failure. Details are logged by the service, not returned outside development.',
    500,
  ),
  INVALID_SCHEMA: defineErrorCode(
    'INVALID_SCHEMA',
    'A subgraph schema does not compose or breaks a composition rule; the message names the coordinate and the rule.',
  ),
} as const
