// datamesh serve <domain|gateway>: one service in the foreground.
import { defineCommand } from '../command.js'

export const serve = defineCommand({
  name: 'serve',
  summary: 'run one service (a domain or the gateway) in the foreground',
  usage: 'datamesh serve <domain|gateway>',
  help: `Runs one service until SIGINT or SIGTERM, then shuts it down gracefully.

A domain is served as an Apollo Federation 2 subgraph on its port (CUSTOMERS_PORT,
CATALOG_PORT ... override it) over its own database: migrated on every start and seeded
with the default demo data on the first. The gateway serves schemas/supergraph.graphql
(or the supergraph file DATAMESH_SUPERGRAPH names) on GATEWAY_PORT (default 4000),
calling each domain at <DOMAIN>_SUBGRAPH_URL, else at 127.0.0.1:<DOMAIN>_PORT when that
is set, else at the supergraph's routing URL. It enforces the global and domain policies
on every request after holding it to the operation limits (DATAMESH_MAX_*), and answers
an audited request once its event is durable in the audit spool (DATAMESH_AUDIT_SPOOL),
from which the events are shipped to the governance store.

The gateway takes a new supergraph without a restart: when its supergraph file changes
(\`datamesh compose\` rewrote it) or on SIGHUP, it reads the file and the domains' policies
again (a domain created since the start is found) and serves the new supergraph once it
passes the checks: it is a supergraph @apollo/gateway loads, and the governance lint of
\`datamesh compose\` finds nothing. Requests in flight finish on the old one. A refused
supergraph is logged with the reason and the old one keeps serving. GET /ready and
GET /metrics name the served supergraph's hash.

\`datamesh start\` runs one such process per service; a container runs one each.`,
  options: {},
  positionals: { min: 1, max: 1 },
  async run({ positionals }) {
    const [name] = positionals as [string]
    const { closeOnSignal, createLogger, startSubgraph } = await import('@datamesh/kit')
    if (name === 'gateway') {
      const { reloadOnSignal, startGateway, supergraphPath } = await import('@datamesh/gateway')
      const { discoverMesh } = await import('../mesh/domains.js')
      const logger = createLogger('gateway')
      const supergraphFile = process.env.DATAMESH_SUPERGRAPH ?? supergraphPath()
      const { existsSync } = await import('node:fs')
      if (!existsSync(supergraphFile)) throw new Error(`no supergraph at ${supergraphFile}: run \`npx datamesh compose\` first`)
      // Asked again for every new supergraph: a domain created since the start brings its policies.
      const loadPolicies = async () => (await discoverMesh()).policies
      const gateway = await startGateway({ supergraphFile, loadPolicies, logger })
      reloadOnSignal(gateway, 'SIGHUP')
      closeOnSignal(() => gateway.stop(), logger)
      return new Promise<number>(() => undefined)
    }
    const { selectDomains } = await import('../mesh/domains.js')
    const [domain] = await selectDomains([name])
    const logger = createLogger(name)
    const subgraph = await startSubgraph(domain!, { logger })
    closeOnSignal(() => subgraph.stop(), logger)
    return new Promise<number>(() => undefined)
  },
})
