// What clients see of an error. Errors that carry a registered code pass through; a value
// the database refuses (SQLSTATE class 22: a NUL in a string, a date out of range) is the
// caller's input, BAD_USER_INPUT; a statement stopped by its timeout is TIMEOUT; any other
// unexpected error (a bug, a database failure) keeps its message in development and
// becomes INTERNAL_SERVER_ERROR in production, logged with its details instead of returned.
import type { GraphQLFormattedError } from 'graphql'
import { unwrapResolverError } from '@apollo/server/errors'
import type { Logger } from '../logging/logger.js'
import { ErrorCode, errorCodeOf } from './codes.js'

function isKnown(code: unknown): boolean {
  return code !== 'INTERNAL_SERVER_ERROR' && errorCodeOf(code) !== undefined
}

/** The SQLSTATE of a database error (pg and PGlite both carry it as `code`). */
function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}

export function createErrorFormatter(logger: Logger, env: NodeJS.ProcessEnv = process.env) {
  const production = env.NODE_ENV === 'production'
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (isKnown(formatted.extensions?.code)) return formatted
    const original = unwrapResolverError(error)
    const state = sqlState(original)
    const where = formatted.path ? { path: formatted.path } : {}
    if (state?.startsWith('22')) {
      logger.info({ err: original, path: formatted.path }, 'the database refused a value the request gave')
      const detail = production ? '' : `: ${(original as Error).message}`
      return { message: `an argument has a value the database cannot take${detail}`, ...where, extensions: { code: ErrorCode.BAD_USER_INPUT.code } }
    }
    if (state === '57014') {
      logger.warn({ err: original, path: formatted.path }, 'a statement ran past its timeout')
      return { message: 'the domain stopped a statement that ran past its statement_timeout', ...where, extensions: { code: ErrorCode.TIMEOUT.code } }
    }
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
