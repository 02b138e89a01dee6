// Contender: Hive Gateway (its default JavaScript federation runtime) with default settings,
// served by node:http; quiet logging; the bench grant header added to every subgraph call.
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime'
import { hiveSubgraphHeadersPlugin, runContender, serveHttp } from './cli.js'

await runContender('hive-gateway', async ({ supergraphSdl, host, port }) => {
  const gateway = createGatewayRuntime({
    supergraph: () => supergraphSdl,
    graphqlEndpoint: '/graphql',
    logging: 'warn',
    plugins: () => [hiveSubgraphHeadersPlugin(supergraphSdl)],
  })
  // The supergraph loads on the first request otherwise: load it now, so that a bad one
  // fails the start and READY means ready.
  await gateway.getSchema()
  return serveHttp(gateway, host, port, () => gateway.dispose())
})
