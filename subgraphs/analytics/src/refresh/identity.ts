// Who the refresh reads as: the analytics service's own identity, a subject like any other
// consumer of the mesh, approved for the purpose `analytics` only.
import { mintDevToken, type TokenClaims } from '@datamesh/governance'
import { PURPOSE_HEADER } from '@datamesh/kit'

export { PURPOSE_HEADER }

export const ANALYTICS_PURPOSE = 'analytics'

export const ANALYTICS_SERVICE: TokenClaims = Object.freeze({ sub: 'svc-analytics', roles: ['service'], purposes: [ANALYTICS_PURPOSE] })

/** Headers for reading through the gateway as the analytics service, with a token signed by `jwtSecret`. */
export async function serviceHeaders(jwtSecret: string, expiresIn = '1h'): Promise<Record<string, string>> {
  const token = await mintDevToken({ ...ANALYTICS_SERVICE, expiresIn }, jwtSecret)
  return { authorization: `Bearer ${token}`, [PURPOSE_HEADER]: ANALYTICS_PURPOSE }
}

/** The `sub` of the bearer token in `headers`, for the lineage (not a verification: the gateway verifies). */
export function subjectOf(headers: Readonly<Record<string, string>>): string | undefined {
  const authorization = Object.entries(headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1]
  const payload = /^Bearer\s+[^.]+\.([^.]+)\.[^.]*$/i.exec(authorization ?? '')?.[1]
  if (!payload) return undefined
  try {
    const sub = (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub?: unknown }).sub
    return typeof sub === 'string' ? sub : undefined
  } catch {
    return undefined
  }
}
