// The gateway: @apollo/gateway inside @apollo/server, serving the committed supergraph on
// port 4000 and calling each domain where `<DOMAIN>_SUBGRAPH_URL` (or the supergraph) says.
import { ApolloGateway } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import { close, createErrorFormatter, createGraphQLHttpServer, createLogger, listen, serviceAddress, type Logger } from '@datamesh/kit'
import { SubgraphDataSource } from './subgraph-data-source.js'
import { subgraphsOf } from './supergraph-subgraphs.js'

export const GATEWAY_PORT = 4000

export interface GatewayOptions {
  readonly supergraphSdl: string
  /** Overrides the routing URL of a subgraph, by name. */
  readonly subgraphUrls?: Readonly<Record<string, string>>
  /** Defaults to GATEWAY_PORT, then 4000; 0 picks a free port. */
  readonly port?: number
  readonly host?: string
  readonly logger?: Logger
  readonly env?: NodeJS.ProcessEnv
}

export interface RunningGateway {
  readonly url: string
  readonly port: number
  stop(): Promise<void>
}

/** Routing URLs: explicit overrides, then `<NAME>_SUBGRAPH_URL`, then the supergraph's own. */
export function routingUrls(supergraphSdl: string, overrides: Readonly<Record<string, string>> = {}, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(
    subgraphsOf(supergraphSdl).map(({ name, url }) => [name, overrides[name] ?? env[`${name.toUpperCase()}_SUBGRAPH_URL`] ?? url]),
  )
}

async function isHealthy(graphqlUrl: string): Promise<{ ok: boolean; detail?: string }> {
  try {
    const response = await fetch(new URL('/health', graphqlUrl), { signal: AbortSignal.timeout(2_000) })
    return response.ok ? { ok: true } : { ok: false, detail: `GET /health answered ${response.status}` }
  } catch (error) {
    return { ok: false, detail: (error as Error).message }
  }
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const env = options.env ?? process.env
  const logger = options.logger ?? createLogger('gateway', env)
  const urls = routingUrls(options.supergraphSdl, options.subgraphUrls, env)
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new SubgraphDataSource(name, urls[name] ?? (url as string)),
    logger,
  })
  const apollo = new ApolloServer({
    // @apollo/gateway 2.x implements the gateway interface of Apollo Server 4 and 5 alike.
    gateway: gateway as never,
    introspection: true,
    // The service shuts down itself (closeOnSignal): HTTP, Apollo, then the database.
    stopOnTerminationSignals: false,
    // Stack traces only in development; never in a response elsewhere.
    includeStacktraceInErrorResponses: env.NODE_ENV === 'development',
    formatError: createErrorFormatter(logger, env),
    logger,
  })
  await apollo.start()
  const server = createGraphQLHttpServer({
    apollo,
    context: async () => ({}),
    readiness: async () => {
      const checks = await Promise.all(Object.entries(urls).map(async ([name, url]) => [name, await isHealthy(url)] as const))
      return { supergraph: { ok: true }, ...Object.fromEntries(checks) }
    },
  })
  const address = serviceAddress('gateway', GATEWAY_PORT, env)
  const host = options.host ?? address.host
  const port = await listen(server, options.port ?? address.port, host)
  const url = `http://${host}:${port}/graphql`
  logger.info(`gateway ready at ${url}`)
  let stopped: Promise<void> | undefined
  return {
    url,
    port,
    stop: () =>
      (stopped ??= (async () => {
        await close(server)
        await apollo.stop()
      })()),
  }
}
