// @datamesh/gateway: composes the domains into one supergraph and serves it.
export { composeSupergraph, CompositionError, type SubgraphSource } from './compose.js'
export {
  GATEWAY_NODE_FLAGS,
  reloadOnSignal,
  startGateway,
  type GatewayOptions,
  type GatewaySecrets,
  type GovernanceOptions,
  type RunningGateway,
  type ServedSupergraph,
} from './gateway-server.js'
export type { ReloadOutcome } from './generation-switch.js'
export { executableSupergraph, routingUrls, supergraphHash, type SupergraphCheck } from './supergraph-generation.js'
export { watchSupergraph, type SupergraphWatch } from './supergraph-watch.js'
export { DEFAULT_LIMITS, LIMIT_VARIABLES, limitsFromEnv, type OperationLimits } from './limits/operation-limits.js'
export { subgraphsOf, type SubgraphRoute } from './supergraph-subgraphs.js'
export {
  FEDERATION_VERSION,
  readSupergraph,
  roverConfig,
  schemaFiles,
  staleSchemaFiles,
  supergraphPath,
  writeSchemaFiles,
  type SchemaFiles,
} from './supergraph-files.js'
