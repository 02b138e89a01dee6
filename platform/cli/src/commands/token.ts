// datamesh token: a development JWT the local gateway accepts.
import { defineCommand } from '../command.js'
import { UsageError } from '../usage-error.js'
import { listOption } from '../options.js'

export const token = defineCommand({
  name: 'token',
  summary: 'print a development token (JWT) the local gateway accepts',
  usage: 'datamesh token --sub <id> [--scope "<a> <b>"] [--role <r>]... [--purpose <p>]... [--expires <1h>]',
  help: `Prints a JWT signed with the mesh's development key (.data/keys/jwt.key, created on first
use; DATAMESH_JWT_SECRET overrides it). Send it as "Authorization: Bearer <token>".

The token says who the subject is (sub), what it may do (scope, space-separated), what it
is (roles) and which purposes it is approved for; a request then declares one of those
purposes in the X-Datamesh-Purpose header.

Options:
  --sub <id>        the subject (required); for the role customer, the customer's id
  --scope "<a> <b>" scopes, space-separated (repeatable), e.g. "customers:pii:read catalog:cost:read"
  --role <r>        a role (repeatable or comma-separated), e.g. analyst, support, customer
  --purpose <p>     an approved purpose (repeatable or comma-separated), e.g. support, fraud, marketing
  --expires <time>  lifetime such as 30m or 8h (default 1h); at most what the gateway
                    accepts, DATAMESH_JWT_MAX_LIFETIME (default 24h)

Example:
  curl -s localhost:4000/graphql -H "Authorization: Bearer $(npx datamesh token --sub alice --scope customers:pii:read --purpose support)" \\
    -H 'X-Datamesh-Purpose: support' -H 'content-type: application/json' -d '{"query":"{ customer(id: \\"1\\") { email } }"}'`,
  options: {
    sub: { type: 'string' },
    scope: { type: 'string', multiple: true },
    role: { type: 'string', multiple: true },
    purpose: { type: 'string', multiple: true },
    expires: { type: 'string' },
  },
  async run({ values }) {
    const sub = typeof values.sub === 'string' ? values.sub.trim() : ''
    if (!sub) throw new UsageError('--sub is required: who the token is for')
    const expires = typeof values.expires === 'string' ? values.expires : '1h'
    const scopes = (Array.isArray(values.scope) ? values.scope : []).flatMap((scope) => String(scope).split(/\s+/)).filter(Boolean)
    const { maxTokenLifetime, mintDevToken } = await import('@datamesh/governance')
    const { formatDuration, meshSecret, parseDuration } = await import('@datamesh/kit')
    let lifetimeMs: number
    try {
      lifetimeMs = parseDuration(expires)
    } catch {
      throw new UsageError(`--expires must be a duration such as 30m or 8h, got "${expires}"`)
    }
    if (lifetimeMs < 1000) throw new UsageError(`--expires must be at least 1s, got "${expires}"`)
    // A token the gateway would refuse is no use to anyone.
    const maxLifetimeMs = maxTokenLifetime(process.env.DATAMESH_JWT_MAX_LIFETIME)
    if (maxLifetimeMs > 0 && lifetimeMs > maxLifetimeMs) {
      throw new UsageError(`--expires ${expires} is longer than the gateway accepts (${formatDuration(maxLifetimeMs)}, DATAMESH_JWT_MAX_LIFETIME)`)
    }
    const jwt = await mintDevToken({ sub, scopes, roles: listOption(values.role), purposes: listOption(values.purpose), expiresIn: expires }, meshSecret('jwt'))
    console.log(jwt)
    return 0
  },
})
