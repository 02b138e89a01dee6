// The mesh's secrets: from the environment in production, otherwise development keys
// generated on first use under `.data/keys/` (git-ignored), never committed.
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { dataDirectory } from './paths.js'

export const SECRETS = {
  /** Signs and verifies development tokens (HS256). */
  jwt: 'DATAMESH_JWT_SECRET',
  /** Signs what the gateway tells subgraphs about each request. */
  gateway: 'DATAMESH_GATEWAY_SECRET',
  /** Keys the `hash` masking strategy, so pseudonyms are stable but not guessable. */
  mask: 'DATAMESH_MASK_KEY',
  /** Keys the audit trail's hash chain (HMAC-SHA256), so nobody without it can rewrite the trail undetected. */
  audit: 'DATAMESH_AUDIT_KEY',
} as const

export type SecretName = keyof typeof SECRETS

export function meshSecret(name: SecretName, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[SECRETS[name]]
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error(`${SECRETS[name]} must be at least 32 characters`)
    return fromEnv
  }
  const directory = join(env.DATAMESH_DATA_DIR ?? dataDirectory(), 'keys')
  const path = join(directory, `${name}.key`)
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    mkdirSync(directory, { recursive: true, mode: 0o700 })
    try {
      writeFileSync(path, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 })
    } catch (error) {
      // Another process created it first; use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    return readFileSync(path, 'utf8').trim()
  }
}
