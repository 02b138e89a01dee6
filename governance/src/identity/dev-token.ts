// Development tokens, signed with the mesh's HS256 secret: what `datamesh token` prints.
import { parseDuration } from '@datamesh/kit'
import { SignJWT } from 'jose'

export interface TokenClaims {
  readonly sub: string
  readonly scopes?: readonly string[]
  readonly roles?: readonly string[]
  readonly purposes?: readonly string[]
  /** Lifetime, a duration such as "30m" or "8h" (default 1h); the gateway refuses more than DATAMESH_JWT_MAX_LIFETIME (24h). */
  readonly expiresIn?: string
}

export const DEV_ISSUER = 'datamesh-dev'

export function mintDevToken(claims: TokenClaims, secret: string): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000)
  return new SignJWT({
    scope: (claims.scopes ?? []).join(' '),
    roles: [...(claims.roles ?? [])],
    purposes: [...(claims.purposes ?? [])],
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(DEV_ISSUER)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + Math.round(parseDuration(claims.expiresIn ?? '1h') / 1000))
    .sign(new TextEncoder().encode(secret))
}
