// A grant opens one call: the subgraph it was signed for, the body it was signed for, once,
// for a few seconds. Everything else a captured grant is tried for is refused.
import { describe, expect, it } from 'vitest'
import { GRANT_LIFETIME_SECONDS, GrantError, GrantVerifier, signGrant, type Grant } from '../src/access/grant.js'

const SECRET = 'a-test-secret-of-thirty-two-chars!!'
const ANA: Grant = { sub: 'ana', scopes: ['customers:pii:read'], roles: ['analyst'], purpose: 'support' }
const BODY = JSON.stringify({ query: '{ customer(id: "1") { name } }' })

function refusal(verify: () => unknown): string {
  try {
    verify()
  } catch (error) {
    expect(error).toBeInstanceOf(GrantError)
    return (error as Error).message
  }
  throw new Error('the grant was accepted')
}

describe('a grant bound to its call', () => {
  it('is accepted by the subgraph it names, for the body it names, with the subject it carries', () => {
    const verifier = new GrantVerifier(SECRET, 'customers')
    expect(verifier.verify(signGrant(ANA, SECRET, { audience: 'customers', body: BODY }), BODY)).toEqual(ANA)
  })

  it('is refused by another subgraph', () => {
    const grant = signGrant(ANA, SECRET, { audience: 'analytics', body: BODY })
    expect(refusal(() => new GrantVerifier(SECRET, 'customers').verify(grant, BODY))).toBe('x-datamesh-grant was made for another subgraph, not customers')
  })

  it('is refused with another body, however small the change', () => {
    const grant = signGrant(ANA, SECRET, { audience: 'customers', body: BODY })
    const other = BODY.replace('name', 'email')
    expect(refusal(() => new GrantVerifier(SECRET, 'customers').verify(grant, other))).toBe('x-datamesh-grant was made for another request')
  })

  it('is accepted once: the same call replayed is refused', () => {
    const verifier = new GrantVerifier(SECRET, 'customers')
    const grant = signGrant(ANA, SECRET, { audience: 'customers', body: BODY })
    verifier.verify(grant, BODY)
    expect(refusal(() => verifier.verify(grant, BODY))).toBe('x-datamesh-grant was already used')
  })

  it(`lives ${GRANT_LIFETIME_SECONDS} seconds`, () => {
    const signedAt = 1_000_000
    const verifier = new GrantVerifier(SECRET, 'customers')
    const grant = () => signGrant(ANA, SECRET, { audience: 'customers', body: BODY }, signedAt)
    expect(verifier.verify(grant(), BODY, signedAt + (GRANT_LIFETIME_SECONDS - 1) * 1000).sub).toBe('ana')
    expect(refusal(() => verifier.verify(grant(), BODY, signedAt + GRANT_LIFETIME_SECONDS * 1000))).toBe('x-datamesh-grant has expired')
  })

  it('is refused when forged, altered or malformed', () => {
    const verifier = new GrantVerifier(SECRET, 'customers')
    const forged = signGrant({ ...ANA, scopes: ['catalog:cost:read'] }, 'another-secret-of-thirty-two-chars!', { audience: 'customers', body: BODY })
    expect(refusal(() => verifier.verify(forged, BODY))).toBe('x-datamesh-grant has an invalid signature')
    const [payload, signature] = signGrant(ANA, SECRET, { audience: 'customers', body: BODY }).split('.') as [string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const widened = Buffer.from(JSON.stringify({ ...claims, roles: ['support'] })).toString('base64url')
    expect(refusal(() => verifier.verify(`${widened}.${signature}`, BODY))).toBe('x-datamesh-grant has an invalid signature')
    expect(refusal(() => verifier.verify('nonsense', BODY))).toBe('malformed x-datamesh-grant')
    expect(refusal(() => verifier.verify(undefined, BODY))).toMatch(/^missing x-datamesh-grant/)
  })

  it('forgets used grants once they expired, and never holds more than asked', () => {
    const verifier = new GrantVerifier(SECRET, 'customers', 2)
    for (let i = 0; i < 5; i++) verifier.verify(signGrant(ANA, SECRET, { audience: 'customers', body: BODY }, 0), BODY, 0)
    const later = (GRANT_LIFETIME_SECONDS + 1) * 1000
    expect(verifier.verify(signGrant(ANA, SECRET, { audience: 'customers', body: BODY }, later), BODY, later).sub).toBe('ana')
  })
})
