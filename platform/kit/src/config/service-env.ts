// The environment variables a service reads, in one place (docker-compose.yml is tested
// against these names).
export interface ServiceAddress {
  readonly host: string
  readonly port: number
}

function portFrom(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name}=${value} is not a TCP port`)
  return port
}

/** `<NAME>_PORT` (for example CUSTOMERS_PORT or GATEWAY_PORT) and `HOST`, with defaults. */
export function serviceAddress(name: string, defaultPort: number, env: NodeJS.ProcessEnv = process.env): ServiceAddress {
  const variable = `${name.toUpperCase()}_PORT`
  return {
    host: env.HOST || '127.0.0.1',
    port: portFrom(env[variable], variable) ?? defaultPort,
  }
}

/** `<NAME>_SUBGRAPH_URL`: where the gateway reaches a domain. */
export function subgraphUrl(name: string, defaultPort: number, env: NodeJS.ProcessEnv = process.env): string {
  return env[`${name.toUpperCase()}_SUBGRAPH_URL`] || `http://127.0.0.1:${serviceAddress(name, defaultPort, env).port}/graphql`
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
    'DATAMESH_JWKS_URL',
    'DATAMESH_JWT_ISSUER',
    'DATAMESH_JWT_AUDIENCE',
    'DATAMESH_ON_DENY',
    'DATAMESH_GOVERNANCE',
    'DATAMESH_GATEWAY_URL',
    'DATAMESH_SUPERGRAPH',
  ],
  perDomain: (name: string) => [`${name.toUpperCase()}_PORT`, `${name.toUpperCase()}_DATABASE_URL`, `${name.toUpperCase()}_SUBGRAPH_URL`],
} as const
