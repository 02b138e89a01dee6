// datamesh migrate: bring each domain's database to its latest migration.
import { defineCommand } from '../command.js'
import { listOption } from '../options.js'

export const migrate = defineCommand({
  name: 'migrate',
  summary: "apply pending migrations to each domain's database",
  usage: 'datamesh migrate [--domain <name>]... [--status | --down]',
  help: `Applies every pending migration of each domain (or of the ones named), in order.
Works whether the mesh is running or not: while it runs, the embedded databases are
reached through the services that hold them.

Options:
  --domain <name>   only this domain (repeat, or separate names with commas)
  --status          list applied and pending migrations, change nothing
  --down            revert the most recent migration of each selected domain`,
  options: { domain: { type: 'string', multiple: true }, status: { type: 'boolean' }, down: { type: 'boolean' } },
  async run({ values }) {
    const { migrateDown, migrateToLatest, migrationStatus, openDomainDatabase } = await import('@datamesh/kit')
    const { selectDomains } = await import('../mesh/domains.js')
    const domains = await selectDomains(listOption(values.domain))
    for (const domain of domains) {
      const database = await openDomainDatabase(domain.store ?? domain.name, { role: 'cli' })
      const label = domain.store ? `${domain.name} (the ${domain.store} store)` : domain.name
      try {
        if (values.status) {
          const { applied, pending } = await migrationStatus(database.db, domain.migrations)
          console.log(`${label}: ${applied.length} applied${applied.length ? ` (${applied.join(', ')})` : ''}, ${pending.length} pending${pending.length ? ` (${pending.join(', ')})` : ''}`)
        } else if (values.down) {
          const reverted = await migrateDown(database.db, domain.migrations)
          console.log(`${label}: ${reverted.length ? `reverted ${reverted.join(', ')}` : 'nothing to revert'}`)
        } else {
          const applied = await migrateToLatest(database.db, domain.migrations)
          console.log(`${label}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'} (${database.location})`)
        }
      } finally {
        await database.close()
      }
    }
    return 0
  },
})
