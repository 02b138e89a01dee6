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
SUBGRAPH_UNAVAILABLE error naming the one that is not. Ctrl-C (or SIGTERM) stops them all,
the gateway first.

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
    if (wantsGateway) {
      const { port } = gatewayAddress()
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
