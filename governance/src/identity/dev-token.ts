// Development tokens, signed with the mesh's HS256 secret: what `datamesh token` prints.
import { SignJWT } from 'jose'

export interface TokenClaims {
  readonly sub: string
  readonly scopes?: readonly string[]
  readonly roles?: readonly string[]
  readonly purposes?: readonly string[]
  /** Lifetime such as "1h" or "30m" (jose's syntax). */
  readonly expiresIn?: string
}

export const DEV_ISSUER = 'datamesh-dev'

export function mintDevToken(claims: TokenClaims, secret: string): Promise<string> {
  return new SignJWT({
    scope: (claims.scopes ?? []).join(' '),
    roles: [...(claims.roles ?? [])],
    purposes: [...(claims.purposes ?? [])],
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(DEV_ISSUER)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '1h')
    .sign(new TextEncoder().encode(secret))
}
