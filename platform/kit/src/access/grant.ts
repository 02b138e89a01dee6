// What the gateway tells a subgraph about a request: who asks (subject, scopes, roles)
// and for which purpose. It travels in the `x-datamesh-grant` header, signed with the
// mesh's gateway secret and valid for a minute, so a subgraph can trust it and nobody can
// reach a subgraph without passing through the gateway's governance.
import { createHmac, timingSafeEqual } from 'node:crypto'

export const GRANT_HEADER = 'x-datamesh-grant'
const LIFETIME_SECONDS = 60

export interface Grant {
  /** The subject's id (the token's `sub`); undefined when anonymous. */
  readonly sub: string | undefined
  readonly scopes: readonly string[]
  readonly roles: readonly string[]
  /** The purpose the request declared (and the token approves). */
  readonly purpose: string | undefined
}

export const ANONYMOUS_GRANT: Grant = Object.freeze({ sub: undefined, scopes: [], roles: [], purpose: undefined })

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest()
}

export function signGrant(grant: Grant, secret: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ...grant, exp: Math.floor(now / 1000) + LIFETIME_SECONDS })).toString('base64url')
  return `${payload}.${mac(secret, payload).toString('base64url')}`
}

/**
 * Signs grants once per key (a subject and purpose) and reuses each for half its lifetime,
 * instead of an HMAC on every request. Holds at most `max` keys, dropping the oldest.
 */
export class GrantSigner {
  readonly #signed = new Map<string, { grant: string; until: number }>()

  constructor(
    private readonly secret: string,
    private readonly max = 10_000,
  ) {}

  sign(key: string, grant: () => Grant, now = Date.now()): string {
    const cached = this.#signed.get(key)
    if (cached && cached.until > now) return cached.grant
    const signed = signGrant(grant(), this.secret, now)
    this.#signed.delete(key)
    if (this.#signed.size >= this.max) this.#signed.delete(this.#signed.keys().next().value!)
    this.#signed.set(key, { grant: signed, until: now + (LIFETIME_SECONDS * 1000) / 2 })
    return signed
  }
}

export class GrantError extends Error {}

/** The grant a header carries; throws GrantError when it is missing, forged or expired. */
export function verifyGrant(header: string | undefined, secret: string, now = Date.now()): Grant {
  if (!header) throw new GrantError(`missing ${GRANT_HEADER}: subgraphs answer only requests that come through the gateway`)
  const [payload, signature] = header.split('.')
  if (!payload || !signature) throw new GrantError(`malformed ${GRANT_HEADER}`)
  const expected = mac(secret, payload)
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new GrantError(`${GRANT_HEADER} has an invalid signature`)
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Grant & { exp: number }
  if (!(claims.exp * 1000 > now)) throw new GrantError(`${GRANT_HEADER} has expired`)
  return { sub: claims.sub, scopes: claims.scopes ?? [], roles: claims.roles ?? [], purpose: claims.purpose }
}
