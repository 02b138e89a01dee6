// @datamesh/kit: everything a domain needs to become a subgraph over its own database.
export { dataDirectory, repositoryRoot, schemasDirectory } from './config/paths.js'
export { meshSecret, SECRETS, type SecretName } from './config/secrets.js'
export { PURPOSE_HEADER } from './access/headers.js'
export { ANONYMOUS_GRANT, GRANT_HEADER, GRANT_LIFETIME_SECONDS, GrantError, GrantVerifier, bodyDigest, signGrant, type Grant, type GrantCall } from './access/grant.js'
export { GATEWAY_PORT, gatewayAddress, gatewayUrl, serviceAddress, statementTimeoutMs, subgraphUrl, SERVICE_VARIABLES, type ServiceAddress } from './config/service-env.js'
export { formatDuration, parseDuration, readDuration, type Duration, type DurationUnit } from './config/duration.js'

export { ErrorCode, defineErrorCode, errorCodeOf, errorCodes, statusOf, type ErrorCodeDefinition } from './errors/codes.js'
export { DataMeshError } from './errors/datamesh-error.js'
export { createErrorFormatter } from './errors/format-error.js'

export { openDomainDatabase, type DomainDatabase, type OpenDatabaseOptions } from './database/open-database.js'
export { migrateDown, migrateToLatest, migrationStatus, type MigrationReport, type MigrationSet } from './database/migrate.js'
export { serverDatabaseUrl, ensureDatabase, dropDatabase, withDatabase, redact } from './database/postgres-server.js'
export { StatementLog } from './database/statement-log.js'
export type { HolderRole } from './database/embedded-host.js'

export {
  defineDomain,
  readSchema,
  type DomainContext,
  type DomainDefinition,
  type DomainSeed,
  type ResolverMap,
  type SeedContext,
} from './domain/define-domain.js'

export { paginate } from './graphql/paginate.js'
export { PAGE_SIZE, readPage, toConnection, encodeCursor, decodeCursor, type Connection, type Page, type PageArgs } from './graphql/connection.js'
export { loadById, parseId, parseIds } from './graphql/ids.js'
export { rowLoader, rowsLoader, loaderFamily } from './graphql/loaders.js'
export { scalarResolvers } from './graphql/scalars.js'

export {
  apolloHandler,
  close,
  createGraphQLHttpServer,
  errorReply,
  jsonReply,
  replyFor,
  listen,
  type GraphQLHandler,
  type HttpReply,
  type Readiness,
  type ReadinessCheck,
} from './http/graphql-http-server.js'
export { createLogger, type Logger } from './logging/logger.js'

export { closeOnSignal, type Closer } from './service/shutdown.js'
export { isAlive } from './service/process.js'
export { OperationLog, type ReceivedOperation } from './service/operation-log.js'
export { buildDomainSchema, printDomainSdl } from './domain/build-schema.js'
export {
  prepareDomainDatabase,
  startSubgraph,
  type RunningSubgraph,
  type SubgraphServiceOptions,
} from './service/subgraph-service.js'

export { DemoWorld, DEFAULT_WORLD, WORLD_END, type WorldOptions, type OrderFact, type OrderLineFact, type ProductFact, type CategoryFact, type OrderStatus } from './seed/demo-world.js'
export { Random, hashKey } from './seed/random.js'
export { formatOf, readRecords, RecordError, type ReadOptions, type RecordFormat, type SourceRecord } from './files/records.js'
export { insertRows, type InsertProgress, type Row } from './seed/bulk-insert.js'
export { seedDomain, seedState, type SeedReport, type SeedState } from './seed/seed-domain.js'
