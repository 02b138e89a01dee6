// What the gateway tells a subgraph about one call: who asks (subject, scopes, roles), for
// which purpose, and exactly which call it vouches for — the subgraph it is meant for and
// the sha256 of the request body it sent. It travels in the `x-datamesh-grant` header,
// signed with the mesh's gateway secret, lives a few seconds and is good for one use, so a
// grant seen on the wire opens nothing: not another subgraph, not another query, not a
// second time.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { GRANT_HEADER } from './headers.js'

export { GRANT_HEADER }

/** How long a grant is valid after it is signed: the gateway signs it just before the call. */
export const GRANT_LIFETIME_SECONDS = 10

export interface Grant {
  /** The subject's id (the token's `sub`); undefined when anonymous. */
  readonly sub: string | undefined
  readonly scopes: readonly string[]
  readonly roles: readonly string[]
  /** The purpose the request declared (and the token approves). */
  readonly purpose: string | undefined
}

export const ANONYMOUS_GRANT: Grant = Object.freeze({ sub: undefined, scopes: [], roles: [], purpose: undefined })

/** The call a grant is bound to. */
export interface GrantCall {
  /** The subgraph's name (`customers`): the only service that accepts the grant. */
  readonly audience: string
  /** The exact request body sent to it. */
  readonly body: string
}

interface GrantClaims extends Grant {
  readonly aud: string
  /** base64url sha256 of the body. */
  readonly dig: string
  readonly exp: number
  /** Random: a subgraph accepts each grant once. */
  readonly jti: string
}

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest()
}

export function bodyDigest(body: string): string {
  return createHash('sha256').update(body).digest('base64url')
}

export function signGrant(grant: Grant, secret: string, call: GrantCall, now = Date.now()): string {
  const claims: GrantClaims = {
    sub: grant.sub,
    scopes: grant.scopes,
    roles: grant.roles,
    purpose: grant.purpose,
    aud: call.audience,
    dig: bodyDigest(call.body),
    exp: Math.floor(now / 1000) + GRANT_LIFETIME_SECONDS,
    jti: randomBytes(12).toString('base64url'),
  }
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url')
  return `${payload}.${mac(secret, payload).toString('base64url')}`
}

export class GrantError extends Error {}

/**
 * Checks grants at a subgraph: signed by the gateway, for this subgraph, for this body, not
 * expired, and not seen before (grant ids are remembered until they expire).
 */
export class GrantVerifier {
  readonly #seen = new Map<string, number>()

  constructor(
    private readonly secret: string,
    private readonly audience: string,
    private readonly maxRemembered = 200_000,
  ) {}

  /** The grant a header carries for this body; throws GrantError when it does not hold. */
  verify(header: string | undefined, body: string, now = Date.now()): Grant {
    if (!header) throw new GrantError(`missing ${GRANT_HEADER}: subgraphs answer only requests that come through the gateway`)
    const [payload, signature, extra] = header.split('.')
    if (!payload || !signature || extra !== undefined) throw new GrantError(`malformed ${GRANT_HEADER}`)
    const expected = mac(this.secret, payload)
    const given = Buffer.from(signature, 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new GrantError(`${GRANT_HEADER} has an invalid signature`)
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Partial<GrantClaims>
    if (typeof claims.exp !== 'number' || !(claims.exp * 1000 > now)) throw new GrantError(`${GRANT_HEADER} has expired`)
    if (claims.aud !== this.audience) throw new GrantError(`${GRANT_HEADER} was made for another subgraph, not ${this.audience}`)
    if (claims.dig !== bodyDigest(body)) throw new GrantError(`${GRANT_HEADER} was made for another request`)
    if (typeof claims.jti !== 'string') throw new GrantError(`malformed ${GRANT_HEADER}`)
    this.#remember(claims.jti, claims.exp * 1000, now)
    return { sub: claims.sub, scopes: claims.scopes ?? [], roles: claims.roles ?? [], purpose: claims.purpose }
  }

  #remember(jti: string, until: number, now: number): void {
    if (this.#seen.has(jti)) throw new GrantError(`${GRANT_HEADER} was already used`)
    // Ids are inserted roughly in expiry order: drop expired ones from the front.
    for (const [id, expires] of this.#seen) {
      if (expires > now && this.#seen.size < this.maxRemembered) break
      this.#seen.delete(id)
    }
    this.#seen.set(jti, until)
  }
}
