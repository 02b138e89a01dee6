// Contender: Hive Gateway on Hive Router's Rust query planner (@graphql-hive/router-runtime's
// unifiedGraphHandler), otherwise exactly as hive-gateway.ts.
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime'
import { unifiedGraphHandler } from '@graphql-hive/router-runtime'
import { hiveSubgraphHeadersPlugin, runContender, serveHttp } from './cli.js'

await runContender('hive-router', async ({ supergraphSdl, host, port }) => {
  const gateway = createGatewayRuntime({
    supergraph: () => supergraphSdl,
    unifiedGraphHandler,
    graphqlEndpoint: '/graphql',
    logging: 'warn',
    plugins: () => [hiveSubgraphHeadersPlugin(supergraphSdl)],
  })
  // Load the supergraph (and plan with it) before READY rather than on the first request.
  await gateway.getSchema()
  return serveHttp(gateway, host, port, () => gateway.dispose())
})
