// datamesh seed: fill every domain with the deterministic demo data at a scale.
import { defineCommand } from '../command.js'
import { listOption, numberOption } from '../options.js'
import { createProgress } from '../progress.js'

// The kit's DEFAULT_WORLD, repeated so that --help does not load the kit.
const DEFAULT_SCALE = 1
const DEFAULT_SEED = 42

export const seed = defineCommand({
  name: 'seed',
  summary: 'replace the demo data with a fresh, deterministic generation',
  usage: 'datamesh seed [--scale <n>] [--seed <n>] [--domain <name>]...',
  help: `Replaces the data of each domain (or of the ones named) with the demo company's
generated data. The same scale and seed always yield the same rows, and references
across domains agree (every order's customer exists in customers, every shipment's order
in orders) as long as all domains are seeded with the same scale and seed.

Scale 1 (the default) is about 1,000 customers, 200 products and 10,000 orders with their
lines, stock and shipments; scale 100 is millions of rows. Each domain is replaced in one
transaction: a failed seed leaves the previous data in place. Works whether the mesh is
running or not.

Options:
  --scale <n>       size of the data, a positive number (default ${DEFAULT_SCALE})
  --seed <n>        integer seed of the generator (default ${DEFAULT_SEED})
  --domain <name>   only this domain (repeat, or separate names with commas)`,
  options: { scale: { type: 'string' }, seed: { type: 'string' }, domain: { type: 'string', multiple: true } },
  async run({ values }) {
    const scale = numberOption(values.scale, 'scale', { positive: true }) ?? DEFAULT_SCALE
    const seedValue = numberOption(values.seed, 'seed', { integer: true }) ?? DEFAULT_SEED
    const { DemoWorld, migrateToLatest, openDomainDatabase, seedDomain } = await import('@datamesh/kit')
    const { selectDomains } = await import('../mesh/domains.js')
    // Platform subgraphs (the catalog) have no demo data of their own.
    const domains = (await selectDomains(listOption(values.domain))).filter((domain) => domain.seed)
    const world = new DemoWorld({ scale, seed: seedValue })
    console.log(
      `seeding ${domains.map((domain) => domain.name).join(', ')} at scale ${scale} (seed ${seedValue}): ` +
        `${world.customerCount.toLocaleString('en-US')} customers, ${world.productCount.toLocaleString('en-US')} products, ${world.orderCount.toLocaleString('en-US')} orders`,
    )
    const progress = createProgress()
    const started = performance.now()
    for (const domain of domains) {
      const database = await openDomainDatabase(domain.name, { role: 'cli', onWait: (message) => console.log(message) })
      try {
        await migrateToLatest(database.db, domain.migrations)
        const report = await seedDomain(domain, database.db, { scale, seed: seedValue }, (table, done, total) =>
          progress.update(`${domain.name}.${table}`, done, total),
        )
        const rows = Object.entries(report.rows).map(([table, count]) => `${count.toLocaleString('en-US')} ${table}`)
        progress.done(`${domain.name}: ${rows.join(', ')} in ${(report.milliseconds / 1000).toFixed(1)} s (${database.location})`)
      } finally {
        await database.close()
      }
    }
    console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    return 0
  },
})
