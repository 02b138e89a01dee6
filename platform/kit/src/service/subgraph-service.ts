// Runs one domain as an Apollo Federation 2 subgraph over its own database: open (and
// migrate, and on first start seed) the database, build the subgraph schema, serve it.
import { ApolloServer } from '@apollo/server'
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled'
import { sql } from 'kysely'
import type { IncomingMessage } from 'node:http'
import { ANONYMOUS_GRANT, GRANT_HEADER, GrantError, GrantVerifier, type Grant } from '../access/grant.js'
import { meshSecret } from '../config/secrets.js'
import { serviceAddress, statementTimeoutMs } from '../config/service-env.js'
import { migrateToLatest } from '../database/migrate.js'
import { openDomainDatabase, type DomainDatabase, type OpenDatabaseOptions } from '../database/open-database.js'
import { buildDomainSchema } from '../domain/build-schema.js'
import { domainContext, type DomainContext, type DomainDefinition, type ResolverMap } from '../domain/define-domain.js'
import { ErrorCode } from '../errors/codes.js'
import { createErrorFormatter } from '../errors/format-error.js'
import { apolloHandler, close, createGraphQLHttpServer, errorReply, listen } from '../http/graphql-http-server.js'
import { createLogger, type Logger } from '../logging/logger.js'
import { DEFAULT_WORLD, type WorldOptions } from '../seed/demo-world.js'
import { seedDomain, seedState } from '../seed/seed-domain.js'
import { OperationLog } from './operation-log.js'

export interface SubgraphServiceOptions {
  /** Defaults to `<DOMAIN>_PORT`, then the domain's own port; 0 picks a free one. */
  readonly port?: number
  readonly host?: string
  readonly database?: OpenDatabaseOptions
  /** Seeds a database that was never seeded; `false` leaves it empty. */
  readonly seed?: WorldOptions | false
  readonly logger?: Logger
  /** Verifies the gateway's grant on every request; defaults to the mesh's gateway secret. */
  readonly gatewaySecret?: string
  /** On a PostgreSQL server, how long a request's statement may run; defaults to DATAMESH_STATEMENT_TIMEOUT_MS, then 10 s. */
  readonly statementTimeoutMs?: number
}

export interface RunningSubgraph<DB = any> {
  readonly domain: DomainDefinition<DB>
  readonly url: string
  readonly port: number
  readonly database: DomainDatabase<DB>
  /** The operations this subgraph has received. */
  readonly operations: OperationLog
  stop(): Promise<void>
}

/** Migrates a domain's database and seeds it if it was never seeded. */
export async function prepareDomainDatabase(domain: DomainDefinition, database: DomainDatabase<unknown>, world: WorldOptions | false, logger: Logger): Promise<void> {
  const applied = await migrateToLatest(database.db, domain.migrations)
  if (applied.length) logger.info(`applied migrations ${applied.join(', ')}`)
  if (world === false || !domain.seed || (await seedState(database.db))) return
  logger.info(`seeding ${domain.name} (scale ${world.scale}, seed ${world.seed})`)
  const report = await seedDomain(domain, database.db, world)
  const rows = Object.entries(report.rows).map(([table, count]) => `${count} ${table}`).join(', ')
  logger.info(`seeded ${rows} in ${report.milliseconds} ms`)
}

export async function startSubgraph<DB>(domain: DomainDefinition<DB>, options: SubgraphServiceOptions = {}): Promise<RunningSubgraph<DB>> {
  const logger = options.logger ?? createLogger(domain.name)
  const address = serviceAddress(domain.name, domain.port)
  const open = (statementTimeout?: number) =>
    openDomainDatabase<DB>(domain.store ?? domain.name, {
      role: 'service',
      onWait: (message) => logger.info(message),
      ...options.database,
      ...(statementTimeout ? { statementTimeoutMs: statementTimeout } : {}),
    })
  let database = await open()
  logger.info(`database: ${database.location}`)
  try {
    await prepareDomainDatabase(domain, database as DomainDatabase<unknown>, options.seed ?? DEFAULT_WORLD, logger)
    // Migrating and seeding may take long; answering a request may not. On a server, the
    // connections that serve requests stop any statement after the timeout.
    if (database.engine === 'postgres') {
      await database.close()
      database = await open(options.statementTimeoutMs ?? statementTimeoutMs())
    }
    const operations = new OperationLog()
    const apollo = new ApolloServer<DomainContext<DB, unknown>>({
      schema: buildDomainSchema(domain),
      introspection: true,
      // The service shuts down itself (closeOnSignal): HTTP, Apollo, then the database.
      stopOnTerminationSignals: false,
      // Stack traces only in development; never in a response elsewhere.
      includeStacktraceInErrorResponses: process.env.NODE_ENV === 'development',
      // Inline traces only feed Apollo Studio, which the mesh does not report to.
      plugins: [ApolloServerPluginInlineTraceDisabled(), operations.plugin()],
      formatError: createErrorFormatter(logger),
      logger,
    })
    await apollo.start()
    const verifier = new GrantVerifier(options.gatewaySecret ?? meshSecret('gateway'), domain.name)
    const grants = new WeakMap<IncomingMessage, Grant>()
    const serveGraphQL = apolloHandler(apollo, async (request) => {
      const access = grants.get(request) ?? ANONYMOUS_GRANT
      return domainContext(domain, database.db, access)
    })
    const server = createGraphQLHttpServer({
      onError: (error) => logger.error({ err: error }, 'request failed'),
      // Only the gateway may ask, and only what it signed for: a request without a grant made
      // for this subgraph and this very body is refused before Apollo sees it.
      handler: async (request, url, body, raw) => {
        if (raw === undefined) return errorReply(ErrorCode.METHOD_NOT_ALLOWED, `the ${domain.name} subgraph answers POST requests from the gateway only`)
        try {
          grants.set(request, verifier.verify(request.headers[GRANT_HEADER] as string | undefined, raw))
        } catch (error) {
          if (error instanceof GrantError) return errorReply(ErrorCode.UNAUTHENTICATED, error.message)
          throw error
        }
        return serveGraphQL(request, url, body, raw)
      },
      readiness: async () => {
        try {
          await sql`select 1`.execute(database.db)
          return { database: { ok: true, detail: database.engine } }
        } catch (error) {
          return { database: { ok: false, detail: (error as Error).message } }
        }
      },
    })
    const host = options.host ?? address.host
    const port = await listen(server, options.port ?? address.port, host)
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`
    logger.info(`subgraph ${domain.name} ready at ${url}`)
    let stopped: Promise<void> | undefined
    return {
      domain,
      url,
      port,
      database,
      operations,
      stop: () =>
        (stopped ??= (async () => {
          await close(server)
          await apollo.stop()
          await database.close()
        })()),
    }
  } catch (error) {
    await database.close()
    throw error
  }
}

export type { ResolverMap }
