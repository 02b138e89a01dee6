// datamesh analytics refresh: recompute the analytics domain's features from the mesh.
import type { Database } from '@datamesh/analytics'
import { defineCommand } from '../command.js'
import { gatewayUrlOption } from '../options.js'
import { createProgress } from '../progress.js'
import { UsageError } from '../usage-error.js'

const SUBCOMMANDS = ['refresh'] as const

export const analytics = defineCommand({
  name: 'analytics',
  summary: "refresh the analytics domain's features from the mesh, through the gateway",
  usage: 'datamesh analytics refresh [--gateway-url <url>] [--as-of <ISO date>] [--if-empty]',
  help: `Recomputes the analytics domain's data products, analytics.customer-features and
analytics.product-demand, from the products they are made of: customers.profiles,
catalog.products, fulfillment.inventory and orders.orders. It reads them through the
running gateway as a governed consumer, with the analytics service's own identity (a
development token for svc-analytics, role service, approved for the purpose analytics,
signed with the mesh's key) declaring X-Datamesh-Purpose: analytics. If governance masks or
denies any field it needs, the refresh stops and names the field: features are never
computed on masked values.

The features are computed in memory as the pages stream in, then replace the previous ones
in the analytics database in one transaction, with a refresh run recording the lineage:
each input's descriptor version and rows read, the rows written, the as-of time and the
duration (Query.refreshRuns). Needs the mesh running (npm start); the analytics database is
migrated first.

Options:
  --gateway-url <url>  the gateway's GraphQL endpoint (default DATAMESH_GATEWAY_URL, else
                       http://localhost:<GATEWAY_PORT or 4000>/graphql)
  --as-of <instant>    an ISO-8601 date or instant the features describe (default now): only
                       orders placed before it count, and days since the last order and the
                       12 weeks of demand are measured back from it
  --if-empty           do nothing when a refresh already ran (what \`datamesh start\` uses on
                       the first start)`,
  options: { 'gateway-url': { type: 'string' }, 'as-of': { type: 'string' }, 'if-empty': { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }) {
    const [subcommand] = positionals as [string]
    if (!(SUBCOMMANDS as readonly string[]).includes(subcommand)) {
      throw new UsageError(`unknown subcommand "${subcommand}"; the subcommands are ${SUBCOMMANDS.join(', ')}`)
    }
    let asOf: Date | undefined
    if (values['as-of'] !== undefined) {
      const text = String(values['as-of'])
      asOf = new Date(text)
      if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(asOf.getTime())) {
        throw new UsageError(`--as-of must be an ISO-8601 date or instant such as 2026-09-01 or 2026-09-01T12:00:00Z, got "${text}"`)
      }
    }
    const { gatewayUrl: gatewayUrlOf, meshSecret, migrateToLatest, openDomainDatabase } = await import('@datamesh/kit')
    const gatewayUrl = gatewayUrlOption(values['gateway-url'], gatewayUrlOf())
    const { default: domain, refreshFeatures, serviceHeaders } = await import('@datamesh/analytics')
    const headers = await serviceHeaders(meshSecret('jwt'))
    const database = await openDomainDatabase<Database>(domain.name, { role: 'cli', onWait: (message) => console.log(message) })
    try {
      await migrateToLatest(database.db, domain.migrations)
      if (values['if-empty']) {
        const last = await database.db.selectFrom('refresh_runs').select(['id', 'finished_at']).orderBy('id', 'desc').limit(1).executeTakeFirst()
        if (last) {
          console.log(`features already computed (refresh run ${last.id} finished ${last.finished_at.toISOString()}); nothing to do`)
          return 0
        }
      }
      console.log(`refreshing analytics as of ${(asOf ?? new Date()).toISOString()} through ${gatewayUrl} (as svc-analytics, purpose analytics)`)
      const progress = createProgress()
      const report = await refreshFeatures({
        gatewayUrl,
        headers,
        db: database.db,
        ...(asOf ? { asOf } : {}),
        onProgress: (step, done, total) => progress.update(step, done, total),
      })
      for (const input of report.inputs) progress.done(`  read  ${input.product} ${input.version}: ${input.rowsRead.toLocaleString('en-US')} rows`)
      for (const output of report.outputs) progress.done(`  wrote ${output.product} ${output.version}: ${output.rowsWritten.toLocaleString('en-US')} rows`)
      console.log(`refresh run ${report.runId} done in ${(report.durationMs / 1000).toFixed(1)} s (${database.location})`)
    } finally {
      await database.close()
    }
    return 0
  },
})
