// The analytics domain has no demo data of its own: its features are derived from the
// other domains' data products by `datamesh analytics refresh`. Seeding empties the
// features, since whatever they were computed from has just been replaced; the lineage of
// past runs (refresh_runs) is kept.
import type { DomainSeed } from '@datamesh/kit'
import type { Database } from './src/tables/database.js'

export const seed: DomainSeed<Database> = {
  tables: ['customer_features', 'product_demand'],
  async run() {
    // Nothing to generate: features come from a refresh.
  },
}
