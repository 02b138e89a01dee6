// @datamesh/kit: everything a domain needs to become a subgraph over its own database, and
// what the platform's services and commands share. Grouped by what uses it; internals
// (grant verification, seeding state, cursors) stay behind the modules that need them.

// A domain package: its definition, its tables read through row rules, its entities.
export {
  defineDomain,
  readSchema,
  type DomainContext,
  type DomainDefinition,
  type DomainSeed,
  type NamedPolicy,
  type ResolverMap,
  type SeedContext,
} from './domain/define-domain.js'
export { discoverDomains, type DomainKind, type DomainPackage } from './domain/discover-domains.js'
export type { RowCondition, RowRule, RowRules, Rows } from './tables/rows.js'
export { tableConnection, type ConnectionOptions } from './tables/table-connection.js'
export { tableFilters, likePattern, type TableFilter } from './tables/table-filters.js'
export { byKey, manyBy } from './tables/table-loaders.js'
export { camelCase, type EntityLoaders, type EntityReference, type TableEntity } from './tables/table-entity.js'
export { PAGE_SIZE, encodeCursor, type Connection, type PageArgs } from './graphql/connection.js'
export { loadById, parseId } from './graphql/ids.js'
export { rowLoader, rowsLoader, loaderFamily } from './graphql/loaders.js'
export { scalarResolvers } from './graphql/scalars.js'

// Who asks: the grant the gateway signs for each subgraph call.
export { PURPOSE_HEADER } from './access/headers.js'
export { ANONYMOUS_GRANT, GRANT_HEADER, signGrant, type Grant } from './access/grant.js'

// Where things are and how they are configured.
export { dataDirectory, repositoryRoot, schemasDirectory } from './config/paths.js'
export { meshSecret } from './config/secrets.js'
export { GATEWAY_PORT, gatewayAddress, gatewayUrl, subgraphUrl, SERVICE_VARIABLES } from './config/service-env.js'
export { formatDuration, parseDuration, readDuration, type Duration } from './config/duration.js'

// Errors as values with registered codes.
export { ErrorCode, statusOf, type ErrorCodeDefinition } from './errors/codes.js'
export { DataMeshError } from './errors/datamesh-error.js'
export { createErrorFormatter } from './errors/format-error.js'

// Databases: a domain's own, embedded or on a server; migrations; bulk loads; data files.
export { openDomainDatabase, type DomainDatabase, type OpenDatabaseOptions } from './database/open-database.js'
export { migrateDown, migrateToLatest, migrationStatus, type MigrationSet } from './database/migrate.js'
export { dropDatabase, serverDatabaseUrl, withDatabase, redact } from './database/postgres-server.js'
export { insertRows, type Row } from './seed/bulk-insert.js'
export { formatOf, readRecords, RecordError, type ReadOptions, type RecordFormat, type SourceRecord } from './files/records.js'

// Services: a domain's subgraph, HTTP, logs, shutdown.
export { startSubgraph, type RunningSubgraph, type SubgraphServiceOptions } from './service/subgraph-service.js'
export { printDomainSdl } from './domain/build-schema.js'
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
export { closeOnSignal } from './service/shutdown.js'
export { isAlive } from './service/process.js'
export type { ReceivedOperation } from './service/operation-log.js'

// The demo company's deterministic data.
export { DemoWorld, DEFAULT_WORLD, WORLD_END, type WorldOptions, type OrderFact, type OrderLineFact, type ProductFact, type OrderStatus } from './seed/demo-world.js'
export { Random, hashKey } from './seed/random.js'
export { seedDomain, type SeedReport } from './seed/seed-domain.js'
