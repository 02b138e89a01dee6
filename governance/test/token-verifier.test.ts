import { DataMeshError } from '@datamesh/kit'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ANONYMOUS, createTokenVerifier, DEV_ISSUER, maxTokenLifetime, mintDevToken, type Subject } from '../src/index.js'

const SECRET = 'a-development-secret-that-is-long-enough'
const now = () => Math.floor(Date.now() / 1000)
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A token signed with the HS256 secret, with exactly the given claims. */
function signHs256(claims: JWTPayload, secret = SECRET): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret))
}

/** The error the verifier rejects with; fails the test when it resolves instead. */
async function refusal(verification: Promise<Subject>): Promise<DataMeshError> {
  let subject: Subject
  try {
    subject = await verification
  } catch (error) {
    expect(error).toBeInstanceOf(DataMeshError)
    return error as DataMeshError
  }
  throw new Error(`the token was accepted as ${subject.id ?? 'anonymous'}`)
}

const plain = (subject: Subject) => ({ id: subject.id, scopes: [...subject.scopes], roles: [...subject.roles], purposes: [...subject.purposes] })

describe('createTokenVerifier with an HS256 secret', () => {
  const verify = createTokenVerifier({ secret: SECRET })

  it('treats a request without an Authorization header as anonymous', async () => {
    expect(await verify(undefined)).toBe(ANONYMOUS)
    expect(await verify('')).toBe(ANONYMOUS)
  })

  it('turns a development token into a subject with its id, scopes, roles and purposes', async () => {
    const token = await mintDevToken(
      { sub: 'ada', scopes: ['customers:read', 'customers:pii:read'], roles: ['support', 'staff'], purposes: ['support', 'fraud'] },
      SECRET,
    )
    expect(plain(await verify(`Bearer ${token}`))).toEqual({
      id: 'ada',
      scopes: ['customers:read', 'customers:pii:read'],
      roles: ['support', 'staff'],
      purposes: ['support', 'fraud'],
    })
  })

  it('splits the scope claim on spaces, ignoring repeated spaces', async () => {
    const token = await signHs256({ sub: 'bob', scope: ' orders:read   catalog:read ', exp: now() + 60 })
    expect([...(await verify(`Bearer ${token}`)).scopes]).toEqual(['orders:read', 'catalog:read'])
  })

  it('gives a subject without scopes, roles or purposes when the token has none', async () => {
    const token = await signHs256({ sub: 'carol', exp: now() + 60 })
    expect(plain(await verify(`Bearer ${token}`))).toEqual({ id: 'carol', scopes: [], roles: [], purposes: [] })
  })

  it('accepts the scheme name in any case', async () => {
    const token = await mintDevToken({ sub: 'ada' }, SECRET)
    expect((await verify(`bearer ${token}`)).id).toBe('ada')
  })

  it('refuses an expired token', async () => {
    const token = await signHs256({ sub: 'ada', iat: now() - 7200, exp: now() - 3600 })
    const error = await refusal(verify(`Bearer ${token}`))
    expect(error.extensions.code).toBe('UNAUTHENTICATED')
    expect(error.message).toBe('the token has expired')
  })

  it('refuses a token signed with another secret', async () => {
    const token = await mintDevToken({ sub: 'ada', scopes: ['admin'] }, 'somebody-elses-secret-of-good-length')
    const error = await refusal(verify(`Bearer ${token}`))
    expect(error.extensions.code).toBe('UNAUTHENTICATED')
    expect(error.message).toBe('the token signature does not verify')
  })

  it('refuses a token whose claims were changed after signing', async () => {
    const [header, , signature] = (await mintDevToken({ sub: 'ada', scopes: ['customers:read'] }, SECRET)).split('.')
    const forged = `${header}.${base64url({ sub: 'ada', scope: 'customers:pii:read admin', exp: now() + 3600 })}.${signature}`
    expect((await refusal(verify(`Bearer ${forged}`))).extensions.code).toBe('UNAUTHENTICATED')
  })

  it('refuses an unsigned (alg: none) token instead of treating it as anonymous', async () => {
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'mallory', scope: 'admin', exp: now() + 3600 })}.`
    const error = await refusal(verify(`Bearer ${unsigned}`))
    expect(error.extensions.code).toBe('UNAUTHENTICATED')
    expect(error.message).toBe("the token's algorithm is not accepted (only HS256)")
  })

  it('refuses a token without a subject', async () => {
    const token = await signHs256({ scope: 'admin', exp: now() + 60 })
    const error = await refusal(verify(`Bearer ${token}`))
    expect(error.extensions.code).toBe('UNAUTHENTICATED')
    expect(error.message).toBe('the token has no "sub" claim')
  })

  it('refuses an Authorization header that is not a Bearer token', async () => {
    const error = await refusal(verify(`Basic ${Buffer.from('ada:secret').toString('base64')}`))
    expect(error.extensions.code).toBe('UNAUTHENTICATED')
    expect(error.message).toBe('the Authorization header must be "Bearer <token>"')
    expect((await refusal(verify('Bearer'))).extensions.code).toBe('UNAUTHENTICATED')
  })

  it('refuses a token whose roles claim is not a list of strings', async () => {
    for (const roles of [42, { admin: true }, ['staff', 7]]) {
      const token = await signHs256({ sub: 'ada', roles, exp: now() + 60 })
      const error = await refusal(verify(`Bearer ${token}`))
      expect(error.extensions.code).toBe('UNAUTHENTICATED')
      expect(error.message).toBe('the token\'s "roles" claim must be a list of strings')
    }
  })

  it('refuses a token that is not a JWT at all', async () => {
    expect((await refusal(verify('Bearer not-a-token'))).extensions.code).toBe('UNAUTHENTICATED')
  })

  it('checks the issuer when one is configured', async () => {
    const token = await mintDevToken({ sub: 'ada' }, SECRET)
    expect((await createTokenVerifier({ secret: SECRET, issuer: DEV_ISSUER })(`Bearer ${token}`)).id).toBe('ada')
    expect((await refusal(createTokenVerifier({ secret: SECRET, issuer: 'https://login.example.com' })(`Bearer ${token}`))).extensions.code).toBe(
      'UNAUTHENTICATED',
    )
  })

  it('refuses a token it verified before once the token has expired', async () => {
    const verifier = createTokenVerifier({ secret: SECRET })
    const exp = now() + 2
    const token = await signHs256({ sub: 'ada', exp })
    expect((await verifier(`Bearer ${token}`)).id).toBe('ada')
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50))
    expect((await refusal(verifier(`Bearer ${token}`))).message).toBe('the token has expired')
  })

  it('refuses a signed token without "exp": a token must expire', async () => {
    const token = await signHs256({ sub: 'ada', scope: 'admin', iat: now() })
    const error = await refusal(verify(`Bearer ${token}`))
    expect(error.extensions.code).toBe('UNAUTHENTICATED')
    expect(error.message).toBe('the token has no "exp" claim; the gateway accepts only tokens that expire')
  })

  it('refuses a token issued in the future, beyond the clock skew', async () => {
    const token = await signHs256({ sub: 'ada', iat: now() + 3600, exp: now() + 7200 })
    const error = await refusal(verify(`Bearer ${token}`))
    expect(error.extensions.code).toBe('UNAUTHENTICATED')
    expect(error.message).toMatch(/^the token was issued in the future \(its "iat" is 3\d{3} s ahead of the gateway's clock\); check the issuer's clock$/)
  })

  it('refuses a token that is not valid yet ("nbf" in the future), beyond the clock skew', async () => {
    const token = await signHs256({ sub: 'ada', iat: now(), nbf: now() + 600, exp: now() + 3600 })
    const error = await refusal(verify(`Bearer ${token}`))
    expect(error.extensions.code).toBe('UNAUTHENTICATED')
    expect(error.message).toBe('the token is not valid yet: its "nbf" (not before) is in the future')
  })

  it('accepts "iat" and "nbf" a little ahead of its clock (the issuer\'s clock may run ahead), up to the skew', async () => {
    const ahead = await signHs256({ sub: 'ada', iat: now() + 30, nbf: now() + 30, exp: now() + 3600 })
    expect((await verify(`Bearer ${ahead}`)).id).toBe('ada')
    const strict = createTokenVerifier({ secret: SECRET, clockSkewMs: 0 })
    expect((await refusal(strict(`Bearer ${ahead}`))).message).toMatch(/^the token (was issued in the future|is not valid yet)/)
  })

  it('refuses a token whose lifetime exceeds the maximum (24 h unless configured)', async () => {
    const week = await signHs256({ sub: 'ada', iat: now(), exp: now() + 7 * 86_400 })
    const error = await refusal(verify(`Bearer ${week}`))
    expect(error.extensions.code).toBe('UNAUTHENTICATED')
    expect(error.message).toBe('the token lives 168h, longer than the gateway accepts (24h, DATAMESH_JWT_MAX_LIFETIME); ask for a shorter-lived token')
    const day = await signHs256({ sub: 'ada', iat: now(), exp: now() + 86_400 })
    expect((await verify(`Bearer ${day}`)).id).toBe('ada')
  })

  it('measures the lifetime of a token without "iat" from now', async () => {
    const error = await refusal(verify(`Bearer ${await signHs256({ sub: 'ada', exp: now() + 2 * 86_400 })}`))
    expect(error.message).toMatch(/^the token lives 4[78]h, longer than the gateway accepts \(24h/)
  })

  it('takes its maximum lifetime from DATAMESH_JWT_MAX_LIFETIME, where 0 or off lifts the cap', async () => {
    expect(maxTokenLifetime(undefined)).toBe(86_400_000)
    expect(maxTokenLifetime('')).toBe(86_400_000)
    expect(maxTokenLifetime('90m')).toBe(5_400_000)
    expect(maxTokenLifetime('0')).toBe(0)
    expect(maxTokenLifetime('off')).toBe(0)
    expect(() => maxTokenLifetime('a day')).toThrow('DATAMESH_JWT_MAX_LIFETIME must be a duration such as 24h or 90m, or 0 or off for no limit, got "a day"')
    const twoHours = await signHs256({ sub: 'ada', iat: now(), exp: now() + 7200 })
    const error = await refusal(createTokenVerifier({ secret: SECRET, maxLifetimeMs: maxTokenLifetime('90m') })(`Bearer ${twoHours}`))
    expect(error.message).toBe('the token lives 2h, longer than the gateway accepts (90m, DATAMESH_JWT_MAX_LIFETIME); ask for a shorter-lived token')
    const year = await signHs256({ sub: 'ada', iat: now(), exp: now() + 365 * 86_400 })
    expect((await createTokenVerifier({ secret: SECRET, maxLifetimeMs: maxTokenLifetime('off') })(`Bearer ${year}`)).id).toBe('ada')
  })

  it('accepts the development tokens `datamesh token` mints by default', async () => {
    const token = await mintDevToken({ sub: 'ada' }, SECRET)
    expect((await verify(`Bearer ${token}`)).id).toBe('ada')
  })

  it('needs a secret or a JWKS URL', () => {
    expect(() => createTokenVerifier({})).toThrow('a token verifier needs a secret or a JWKS URL')
  })
})

describe('createTokenVerifier with a JWKS URL', () => {
  let server: Server
  let jwksUrl: string
  let rsaKey: CryptoKey
  let ecKey: CryptoKey
  let jwksRequests = 0

  beforeAll(async () => {
    const rsa = await generateKeyPair('RS256')
    const ec = await generateKeyPair('ES256')
    rsaKey = rsa.privateKey
    ecKey = ec.privateKey
    const keys: JWK[] = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-key', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-key', alg: 'ES256', use: 'sig' },
    ]
    server = createServer((request, response) => {
      if (request.url !== '/.well-known/jwks.json') {
        response.writeHead(404).end()
        return
      }
      jwksRequests += 1
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`
  })

  afterAll(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
  })

  const sign = (key: CryptoKey, alg: string, kid: string, claims: JWTPayload = {}) =>
    new SignJWT({ scope: 'orders:read fulfillment:read', roles: ['ops'], purposes: ['support'], ...claims })
      .setProtectedHeader({ alg, kid, typ: 'JWT' })
      .setSubject('service-desk')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key)

  it('verifies an RS256 token against the published key set', async () => {
    const verify = createTokenVerifier({ jwksUrl })
    expect(plain(await verify(`Bearer ${await sign(rsaKey, 'RS256', 'rsa-key')}`))).toEqual({
      id: 'service-desk',
      scopes: ['orders:read', 'fulfillment:read'],
      roles: ['ops'],
      purposes: ['support'],
    })
    expect(jwksRequests).toBeGreaterThan(0)
  })

  it('verifies an ES256 token against the published key set', async () => {
    expect((await createTokenVerifier({ jwksUrl })(`Bearer ${await sign(ecKey, 'ES256', 'ec-key')}`)).id).toBe('service-desk')
  })

  it('refuses an HS256 token', async () => {
    const error = await refusal(createTokenVerifier({ jwksUrl })(`Bearer ${await mintDevToken({ sub: 'ada', scopes: ['admin'] }, SECRET)}`))
    expect(error.extensions.code).toBe('UNAUTHENTICATED')
    expect(error.message).toBe("the token's algorithm is not accepted (only RS256, ES256)")
  })

  it('refuses a token signed with a key the set does not publish', async () => {
    const stranger = await generateKeyPair('RS256')
    const error = await refusal(createTokenVerifier({ jwksUrl })(`Bearer ${await sign(stranger.privateKey, 'RS256', 'rsa-key')}`))
    expect(error.extensions.code).toBe('UNAUTHENTICATED')
    expect(error.message).toBe('the token signature does not verify')
  })

  it('still treats a request without a token as anonymous', async () => {
    expect(await createTokenVerifier({ jwksUrl })(undefined)).toBe(ANONYMOUS)
  })

  it('checks the audience when one is configured', async () => {
    const verify = createTokenVerifier({ jwksUrl, audience: 'datamesh' })
    expect((await verify(`Bearer ${await sign(rsaKey, 'RS256', 'rsa-key', { aud: 'datamesh' })}`)).id).toBe('service-desk')
    expect((await refusal(verify(`Bearer ${await sign(rsaKey, 'RS256', 'rsa-key', { aud: 'another-api' })}`))).extensions.code).toBe('UNAUTHENTICATED')
  })
})
