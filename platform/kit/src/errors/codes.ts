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

/** The definition of a registered code, or undefined. */
export function errorCodeOf(code: unknown): ErrorCodeDefinition | undefined {
  return typeof code === 'string' ? registry.get(code) : undefined
}

/** The HTTP status of a request refused whole with `error`: its code's, as registered. */
export function statusOf(error: { readonly extensions: Readonly<Record<string, unknown>> }): number {
  return errorCodeOf(error.extensions.code)?.status ?? 500
}

/** Every registered code, for documentation and tests. */
export function errorCodes(): readonly ErrorCodeDefinition[] {
  return [...registry.values()]
}

export const ErrorCode = {
  BAD_REQUEST: defineErrorCode(
    'BAD_REQUEST',
    'The HTTP request is not a GraphQL request the endpoint accepts (no query, a malformed body or parameter, a GET without the preflight header). The message says what to send instead.',
  ),
  METHOD_NOT_ALLOWED: defineErrorCode('METHOD_NOT_ALLOWED', 'The HTTP method cannot carry this request: mutations are accepted over POST only.', 405),
  UNSUPPORTED_MEDIA_TYPE: defineErrorCode('UNSUPPORTED_MEDIA_TYPE', 'Send operations as JSON with `content-type: application/json`.', 415),
  PAYLOAD_TOO_LARGE: defineErrorCode('PAYLOAD_TOO_LARGE', 'The request body is larger than the endpoint accepts; the message names the limit in bytes.', 413),
  LIMIT_EXCEEDED: defineErrorCode(
    'LIMIT_EXCEEDED',
    'The operation exceeds one of the gateway\'s limits (tokens, depth, aliases, root fields, directives, fields, cost, batch size or a string argument\'s length), checked before any other work. `extensions.limit` names the limit, `extensions.maximum` its value and `extensions.actual` what the operation asked for.',
  ),
  GRAPHQL_PARSE_FAILED: defineErrorCode('GRAPHQL_PARSE_FAILED', 'The operation is not valid GraphQL syntax; the message gives the position.'),
  GRAPHQL_VALIDATION_FAILED: defineErrorCode('GRAPHQL_VALIDATION_FAILED', 'The operation does not fit the schema (an unknown field, a wrong argument type); the message names what.'),
  OPERATION_RESOLUTION_FAILURE: defineErrorCode(
    'OPERATION_RESOLUTION_FAILURE',
    'The document holds no operation by the given `operationName`, or several operations and no `operationName` to choose one.',
  ),
  PERSISTED_QUERY_NOT_FOUND: defineErrorCode(
    'PERSISTED_QUERY_NOT_FOUND',
    'The gateway does not know the sha256 the request sent in `extensions.persistedQuery`; send the query text with it once (automatic persisted queries).',
    200,
  ),
  PERSISTED_QUERY_NOT_SUPPORTED: defineErrorCode('PERSISTED_QUERY_NOT_SUPPORTED', '`extensions.persistedQuery` must be `{ version: 1, sha256Hash }`.'),
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
  AUDIT_UNAVAILABLE: defineErrorCode(
    'AUDIT_UNAVAILABLE',
    'The gateway cannot audit the request (its audit spool cannot be written, or the governance store is unreachable), so it refuses to read classified data until auditing works again; nothing was executed. Retry shortly; operators: check the governance store and the disk of DATAMESH_AUDIT_SPOOL.',
    503,
  ),
  TIMEOUT: defineErrorCode(
    'TIMEOUT',
    'A domain stopped a statement that ran past its `statement_timeout` (DATAMESH_STATEMENT_TIMEOUT_MS). Narrow the request: a smaller page, a more selective filter.',
    504,
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
