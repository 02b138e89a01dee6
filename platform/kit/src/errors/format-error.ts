// What clients see of an error. Errors that carry a registered code pass through; an
// unexpected one (a bug, a database failure) keeps its message in development and becomes
// INTERNAL_SERVER_ERROR in production, logged with its details instead of returned.
import type { GraphQLFormattedError } from 'graphql'
import { unwrapResolverError } from '@apollo/server/errors'
import type { Logger } from '../logging/logger.js'
import { errorCodes } from './codes.js'

const apolloCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
])

function isKnown(code: unknown): boolean {
  return typeof code === 'string' && (apolloCodes.has(code) || errorCodes().some((definition) => definition.code === code && code !== 'INTERNAL_SERVER_ERROR'))
}

export function createErrorFormatter(logger: Logger, env: NodeJS.ProcessEnv = process.env) {
  const production = env.NODE_ENV === 'production'
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (isKnown(formatted.extensions?.code)) return formatted
    const original = unwrapResolverError(error)
    logger.error({ err: original, path: formatted.path }, 'unexpected error while resolving')
    if (!production) return formatted
    return {
      message: 'internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    }
  }
}
