// Where every service is, from the environment, in one place: the address a service listens
// on, the gateway's URL as its clients call it, and each subgraph's URL as the gateway calls
// it. docker-compose.yml is tested against the variable names.
export interface ServiceAddress {
  readonly host: string
  readonly port: number
}

/** The gateway's port when GATEWAY_PORT does not move it. */
export const GATEWAY_PORT = 4000

function portFrom(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name}=${value} is not a TCP port`)
  return port
}

function portOf(name: string, env: NodeJS.ProcessEnv): number | undefined {
  const variable = `${name.toUpperCase()}_PORT`
  return portFrom(env[variable], variable)
}

/** `<NAME>_PORT` (for example CUSTOMERS_PORT or GATEWAY_PORT) and `HOST`, with defaults. */
export function serviceAddress(name: string, defaultPort: number, env: NodeJS.ProcessEnv = process.env): ServiceAddress {
  return { host: env.HOST || '127.0.0.1', port: portOf(name, env) ?? defaultPort }
}

/** Where the gateway listens: GATEWAY_PORT (default 4000) and HOST. */
export function gatewayAddress(env: NodeJS.ProcessEnv = process.env): ServiceAddress {
  return serviceAddress('gateway', GATEWAY_PORT, env)
}

/**
 * The gateway's GraphQL endpoint as its clients call it (the catalog, the contracts' servers
 * entry, the analytics refresh): DATAMESH_GATEWAY_URL, else this machine's GATEWAY_PORT.
 */
export function gatewayUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATAMESH_GATEWAY_URL || `http://localhost:${gatewayAddress(env).port}/graphql`
}

/**
 * Where the gateway calls a subgraph: `<NAME>_SUBGRAPH_URL`; else, when `<NAME>_PORT` moved
 * the service on this machine, that port; else the supergraph's routing URL. A moved port
 * must move the gateway's calls too, or they reach whatever else listens on the default.
 */
export function subgraphUrl(name: string, routingUrl: string, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[`${name.toUpperCase()}_SUBGRAPH_URL`]
  if (explicit) return explicit
  const port = portOf(name, env)
  return port === undefined ? routingUrl : `http://127.0.0.1:${port}/graphql`
}

/** How long a domain's statement may run on a PostgreSQL server before it is stopped: DATAMESH_STATEMENT_TIMEOUT_MS, default 10 s. */
export function statementTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.DATAMESH_STATEMENT_TIMEOUT_MS?.trim()
  if (!value) return 10_000
  const ms = Number(value)
  if (!Number.isSafeInteger(ms) || ms < 1) throw new Error(`DATAMESH_STATEMENT_TIMEOUT_MS must be a positive number of milliseconds, got "${value}"`)
  return ms
}

/** The variables the mesh reads, for documentation and the docker-compose check. */
export const SERVICE_VARIABLES = {
  shared: [
    'HOST',
    'DATABASE_URL',
    'DATAMESH_DATA_DIR',
    'LOG_LEVEL',
    'LOG_FORMAT',
    'NODE_ENV',
    'DATAMESH_GATEWAY_SECRET',
    'DATAMESH_JWT_SECRET',
    'DATAMESH_MASK_KEY',
    'DATAMESH_AUDIT_KEY',
    'DATAMESH_AUDIT',
    'DATAMESH_AUDIT_SPOOL',
    'DATAMESH_JWKS_URL',
    'DATAMESH_JWT_ISSUER',
    'DATAMESH_JWT_AUDIENCE',
    'DATAMESH_JWT_MAX_LIFETIME',
    'DATAMESH_ON_DENY',
    'DATAMESH_GOVERNANCE',
    'DATAMESH_GATEWAY_URL',
    'DATAMESH_SUPERGRAPH',
    'DATAMESH_STATEMENT_TIMEOUT_MS',
  ],
  perDomain: (name: string) => [`${name.toUpperCase()}_PORT`, `${name.toUpperCase()}_DATABASE_URL`, `${name.toUpperCase()}_SUBGRAPH_URL`],
} as const
