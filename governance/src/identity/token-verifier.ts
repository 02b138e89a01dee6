// Who is asking: the request's `Authorization: Bearer` token, verified with jose. HS256
// with the mesh's secret in development, RS256/ES256 against a JWKS URL in production.
// No token means anonymous; a token that does not verify (forged, expired, `alg: none`)
// is refused, never treated as anonymous.
import { DataMeshError, ErrorCode } from '@datamesh/kit'
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose'
import { LRUCache } from 'lru-cache'
import { ANONYMOUS, createSubject, type Subject } from '../subject.js'

export interface TokenVerifierOptions {
  /** HS256 shared secret (development). */
  readonly secret?: string
  /** A JWKS endpoint for RS256/ES256 tokens (production). */
  readonly jwksUrl?: string
  readonly issuer?: string
  readonly audience?: string
}

export type TokenVerifier = (authorization: string | undefined) => Promise<Subject>

function strings(value: unknown, claim: string): string[] {
  if (value === undefined) return []
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value
  if (typeof value === 'string') return value.split(' ').filter(Boolean)
  throw new DataMeshError(ErrorCode.UNAUTHENTICATED, `the token's "${claim}" claim must be a list of strings`)
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
        ...(options.issuer ? { issuer: options.issuer } : {}),
        ...(options.audience ? { audience: options.audience } : {}),
      })
      const subject = subjectOf(payload)
      verified.set(token, subject, payload.exp ? { ttl: Math.max(1, payload.exp * 1000 - Date.now()) } : {})
      return subject
    } catch (error) {
      if (error instanceof DataMeshError) throw error
      const code = (error as { code?: string }).code
      const reason =
        code === 'ERR_JWT_EXPIRED'
          ? 'the token has expired'
          : code === 'ERR_JOSE_ALG_NOT_ALLOWED'
            ? `the token's algorithm is not accepted (only ${algorithms.join(', ')})`
            : code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
              ? 'the token signature does not verify'
              : `the token is invalid: ${(error as Error).message}`
      throw new DataMeshError(ErrorCode.UNAUTHENTICATED, reason)
    }
  }
}
