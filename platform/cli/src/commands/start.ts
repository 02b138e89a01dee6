// datamesh start: the whole mesh on this machine (what `npm start` runs).
import { defineCommand } from '../command.js'
import { listOption } from '../options.js'

const EXAMPLE = '{ orders(first: 5) { edges { node { id total customer { name email country } } } } }'

export const start = defineCommand({
  name: 'start',
  summary: 'run every domain and the gateway (what `npm start` runs)',
  usage: 'datamesh start [--only <service>]...',
  help: `Starts each domain as its own subgraph service on its port (customers 4001,
catalog 4002, orders 4003, fulfillment 4004, analytics 4005), the data product catalog
(marketplace 4006) and the gateway on 4000, each in its own process (CUSTOMERS_PORT ...
GATEWAY_PORT move them; the gateway follows). A service that dies is started again after
1 s, then 2 s, 4 s ... at most 30 s while it keeps dying, and the others keep running: the
gateway answers meanwhile with the data of the domains that are up and a
SUBGRAPH_UNAVAILABLE error naming the one that is not. Ctrl-C (or SIGTERM, or SIGHUP)
stops them all, the gateway first.

The mesh takes new domains while it runs: when schemas/supergraph.graphql (or the file
DATAMESH_SUPERGRAPH names) changes, as \`datamesh compose\` after \`datamesh domain new\`
does, a subgraph it names that it did not name before gets a service (\`datamesh serve
<name>\`, restarted like the others), and the service of a subgraph it no longer names is
stopped once the gateway serves the new supergraph.
The gateway reloads the same file without a restart, answering for the new domain once
its service is up (with partial data and SUBGRAPH_UNAVAILABLE until then); a supergraph it
refuses (one \`datamesh compose\` would refuse) is logged and the old one keeps serving.

With no DATABASE_URL, each domain runs on its embedded PGlite under .data/<domain>/,
migrated and, on the first start, seeded with the demo data. With DATABASE_URL, each uses
the database datamesh_<domain> on that server (created if missing). Once the gateway is
ready, the analytics features are computed through it if they never were
(datamesh analytics refresh --if-empty).

Options:
  --only <service>  start only these services (domain names or "gateway"; repeat or
                    separate with commas)`,
  options: { only: { type: 'string', multiple: true } },
  async run({ values }) {
    const { gatewayAddress } = await import('@datamesh/kit')
    const { selectDomains } = await import('../mesh/domains.js')
    const { runJob, runServices, waitUntilReady } = await import('../mesh/supervisor.js')
    const only = listOption(values.only)
    const wantsGateway = only.length === 0 || only.includes('gateway')
    const domainNames = only.filter((name) => name !== 'gateway')
    const domains = only.length === 0 || domainNames.length ? await selectDomains(domainNames) : []
    const names = [...domains.map((domain) => domain.name), ...(wantsGateway ? ['gateway'] : [])]
    const started = performance.now()
    const mesh = runServices(names)
    let running = true
    void mesh.finished.then(() => (running = false))
    const onSignal = () => void mesh.stop()
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    // A hang-up of the terminal reaches every service too: the gateway takes it as a reload,
    // so the mesh must stop here or the gateway would outlive it.
    process.on('SIGHUP', onSignal)
    if (wantsGateway) {
      const { supergraphPath } = await import('@datamesh/gateway')
      const { followSupergraph } = await import('../mesh/follow-supergraph.js')
      const { port } = gatewayAddress()
      const served = async () => {
        const ready = (await (await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(2_000) })).json()) as { checks?: { supergraph?: { hash?: string } } }
        return ready.checks?.supergraph?.hash
      }
      const following = await followSupergraph(mesh, process.env.DATAMESH_SUPERGRAPH ?? supergraphPath(), { served }).catch((error: unknown) => {
        console.error(`the supergraph is not followed: ${(error as Error).message}`)
        return undefined
      })
      void mesh.finished.then(() => following?.close())
      if (await waitUntilReady(`http://127.0.0.1:${port}/ready`, 300_000, () => running)) {
        const seconds = ((performance.now() - started) / 1000).toFixed(1)
        console.log(`\nDataMesh is up in ${seconds} s: http://localhost:${port}/graphql (Ctrl-C stops it)`)
        console.log(
          `try: curl -s localhost:${port}/graphql -H 'content-type: application/json' -H "Authorization: Bearer $(npx datamesh token --sub ana --role analyst)" -d '{"query":"${EXAMPLE}"}'\n`,
        )
        // The analytics features are computed through the gateway; on the first start there are none yet.
        if (names.includes('analytics')) {
          const code = await runJob(['analytics', 'refresh', '--if-empty', '--gateway-url', `http://127.0.0.1:${port}/graphql`], 'analytics')
          if (code !== 0) console.error(`analytics | the first refresh failed (exit ${code}); run \`npx datamesh analytics refresh\` once the mesh is up`)
        }
      }
    }
    return mesh.finished
  },
})
