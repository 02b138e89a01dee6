// Who is asking: the request's `Authorization: Bearer` token, verified with jose. HS256
// with the mesh's secret in development, RS256/ES256 against a JWKS URL in production.
// No token means anonymous; a token that does not verify (forged, expired, `alg: none`)
// is refused, never treated as anonymous. A token must expire, and soon: a leaked token
// that never expires, or one minted for a year, would be a standing key to the mesh.
import { DataMeshError, ErrorCode, formatDuration, parseDuration } from '@datamesh/kit'
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose'
import { LRUCache } from 'lru-cache'
import { ANONYMOUS, createSubject, type Subject } from '../subject.js'

/** The longest token lifetime accepted when DATAMESH_JWT_MAX_LIFETIME does not say. */
export const DEFAULT_MAX_TOKEN_LIFETIME = '24h'
const DEFAULT_CLOCK_SKEW_MS = 60_000

export interface TokenVerifierOptions {
  /** HS256 shared secret (development). */
  readonly secret?: string
  /** A JWKS endpoint for RS256/ES256 tokens (production). */
  readonly jwksUrl?: string
  readonly issuer?: string
  readonly audience?: string
  /** The longest lifetime accepted (`exp - iat`, or `exp - now` without iat), in ms; 0 accepts any. Default 24 h. */
  readonly maxLifetimeMs?: number
  /** How far ahead of this clock a token's `iat` and `nbf` may be, in ms (the issuer's clock may run ahead). Default 60 s. */
  readonly clockSkewMs?: number
}

/**
 * DATAMESH_JWT_MAX_LIFETIME as milliseconds: a duration such as `24h` (the default when
 * unset), or `0`/`off` for no limit.
 */
export function maxTokenLifetime(value: string | undefined): number {
  const text = value?.trim() || DEFAULT_MAX_TOKEN_LIFETIME
  if (text === '0' || text.toLowerCase() === 'off') return 0
  try {
    return parseDuration(text)
  } catch {
    throw new Error(`DATAMESH_JWT_MAX_LIFETIME must be a duration such as ${DEFAULT_MAX_TOKEN_LIFETIME} or 90m, or 0 or off for no limit, got "${value}"`)
  }
}

export type TokenVerifier = (authorization: string | undefined) => Promise<Subject>

function strings(value: unknown, claim: string): string[] {
  if (value === undefined) return []
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value
  if (typeof value === 'string') return value.split(' ').filter(Boolean)
  throw new DataMeshError(ErrorCode.UNAUTHENTICATED, `the token's "${claim}" claim must be a list of strings`)
}

/** The refusal for a verified signature whose times are wrong; undefined when they are right. */
function timeProblem(payload: JWTPayload, maxLifetimeMs: number, skewMs: number): string | undefined {
  const now = Date.now() / 1000
  const exp = payload.exp as number
  // jose allows the skew on exp too; an expired token is refused on this clock alone.
  if (exp <= now) return 'the token has expired'
  if (payload.iat !== undefined && payload.iat > now + skewMs / 1000) {
    return `the token was issued in the future (its "iat" is ${Math.round(payload.iat - now)} s ahead of the gateway's clock); check the issuer's clock`
  }
  const lifetimeMs = Math.round(exp - (payload.iat ?? now)) * 1000
  if (maxLifetimeMs > 0 && lifetimeMs > maxLifetimeMs) {
    return `the token lives ${formatDuration(lifetimeMs)}, longer than the gateway accepts (${formatDuration(maxLifetimeMs)}, DATAMESH_JWT_MAX_LIFETIME); ask for a shorter-lived token`
  }
  return undefined
}

/** What jose's refusal means, for the client. */
function joseRefusal(error: unknown, algorithms: readonly string[]): string {
  const { code, claim, reason } = error as { code?: string; claim?: string; reason?: string }
  if (code === 'ERR_JWT_EXPIRED') return 'the token has expired'
  if (code === 'ERR_JOSE_ALG_NOT_ALLOWED') return `the token's algorithm is not accepted (only ${algorithms.join(', ')})`
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return 'the token signature does not verify'
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'exp' && reason === 'missing') return 'the token has no "exp" claim; the gateway accepts only tokens that expire'
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'nbf' && reason === 'check_failed') return 'the token is not valid yet: its "nbf" (not before) is in the future'
  return `the token is invalid: ${(error as Error).message}`
}

function subjectOf(payload: JWTPayload): Subject {
  if (typeof payload.sub !== 'string' || !payload.sub) throw new DataMeshError(ErrorCode.UNAUTHENTICATED, 'the token has no "sub" claim')
  return createSubject({
    sub: payload.sub,
    scopes: strings(payload.scope, 'scope'),
    roles: strings(payload.roles, 'roles'),
    purposes: strings(payload.purposes, 'purposes'),
  })
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const key: Uint8Array | JWTVerifyGetKey = options.jwksUrl
    ? createRemoteJWKSet(new URL(options.jwksUrl))
    : new TextEncoder().encode(options.secret ?? '')
  if (!options.jwksUrl && !options.secret) throw new Error('a token verifier needs a secret or a JWKS URL')
  const algorithms = options.jwksUrl ? ['RS256', 'ES256'] : ['HS256']
  const maxLifetimeMs = options.maxLifetimeMs ?? maxTokenLifetime(undefined)
  const skewMs = options.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS
  // Verified tokens are remembered until they expire: a client sends the same token often.
  const verified = new LRUCache<string, Subject>({ max: 10_000 })

  return async (authorization) => {
    if (!authorization) return ANONYMOUS
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim())
    if (!match) throw new DataMeshError(ErrorCode.UNAUTHENTICATED, 'the Authorization header must be "Bearer <token>"')
    const token = match[1] as string
    const known = verified.get(token)
    if (known) return known
    try {
      const { payload } = await jwtVerify(token, key as Uint8Array, {
        algorithms,
        requiredClaims: ['exp'],
        clockTolerance: skewMs / 1000,
        ...(options.issuer ? { issuer: options.issuer } : {}),
        ...(options.audience ? { audience: options.audience } : {}),
      })
      const problem = timeProblem(payload, maxLifetimeMs, skewMs)
      if (problem) throw new DataMeshError(ErrorCode.UNAUTHENTICATED, problem)
      const subject = subjectOf(payload)
      verified.set(token, subject, { ttl: Math.max(1, (payload.exp as number) * 1000 - Date.now()) })
      return subject
    } catch (error) {
      if (error instanceof DataMeshError) throw error
      throw new DataMeshError(ErrorCode.UNAUTHENTICATED, joseRefusal(error, algorithms))
    }
  }
}
