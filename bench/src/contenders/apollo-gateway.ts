// Contender: bare @apollo/gateway inside Apollo Server 5's standalone server, as a user would
// run it: default settings, the default RemoteGraphQLDataSource, plus the bench grant header.
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import { startStandaloneServer } from '@apollo/server/standalone'
import { subgraphHeaders } from '../grant.js'
import { runContender } from './cli.js'

await runContender('apollo-gateway', async ({ supergraphSdl, host, port }) => {
  const headers = subgraphHeaders()
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource({
        url,
        willSendRequest({ request }) {
          // The body RemoteGraphQLDataSource sends right after: the request without its http part.
          const { http, ...sent } = request
          for (const [header, value] of Object.entries(headers(name, JSON.stringify(sent)))) http?.headers.set(header, value)
        },
      }),
  })
  const server = new ApolloServer({
    gateway,
    // Apollo's own SIGTERM/SIGINT handler stops the server and re-raises the signal (the
    // process would die by the signal, not exit 0); cli.ts stops it instead.
    stopOnTerminationSignals: false,
  })
  // The standalone server answers on every path, /graphql included.
  const { url } = await startStandaloneServer(server, { listen: { host, port } })
  // stop() drains the HTTP server (the standalone server installs the drain plugin) and stops the gateway.
  return { port: Number(new URL(url).port), close: () => server.stop() }
})
