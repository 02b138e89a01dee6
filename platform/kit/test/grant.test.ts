// The grant a gateway signs per subject and purpose: reused while half its minute is left,
// signed again after, and never more keys held than asked for.
import { describe, expect, it } from 'vitest'
import { GrantSigner, verifyGrant, type Grant } from '../src/index.js'

const SECRET = 'a-test-secret-of-thirty-two-chars!!'
const grantFor = (sub: string): Grant => ({ sub, scopes: [], roles: ['analyst'], purpose: undefined })

describe('GrantSigner', () => {
  it('signs once per key and reuses the grant for half its lifetime', () => {
    const signer = new GrantSigner(SECRET)
    let signed = 0
    const grant = () => (signed++, grantFor('ana'))
    const first = signer.sign('ana', grant, 0)
    expect(signer.sign('ana', grant, 29_999)).toBe(first)
    expect(signed).toBe(1)
    const second = signer.sign('ana', grant, 30_000)
    expect(second).not.toBe(first)
    expect(signed).toBe(2)
    expect(verifyGrant(second, SECRET, 30_000)).toEqual(grantFor('ana'))
  })

  it('keeps grants apart by key and holds at most max of them', () => {
    const signer = new GrantSigner(SECRET, 2)
    signer.sign('ana', () => grantFor('ana'), 0)
    expect(verifyGrant(signer.sign('bob', () => grantFor('bob'), 0), SECRET, 0).sub).toBe('bob')
    signer.sign('cy', () => grantFor('cy'), 0)
    // ana, the oldest, was dropped: asking again signs anew.
    let signed = 0
    signer.sign('ana', () => (signed++, grantFor('ana')), 1)
    expect(signed).toBe(1)
  })
})
