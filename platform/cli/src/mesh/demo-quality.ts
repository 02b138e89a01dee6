// The quality rules measured on the demo data, for `datamesh check`: each domain's
// migrations applied to a fresh in-memory PGlite, its demo data seeded at a small scale,
// then its products' rules run there. It needs no database server and no seeded `.data/`,
// touches neither, and runs the same whether the mesh is up or down: what it checks is that
// the rules, the migrations and the generator still agree. A product computed from other
// products (it has inputs, as analytics' features do) has no demo data of its own: its
// rules are measured only on a live mesh (`datamesh quality`).
import type { DomainDefinition } from '@datamesh/kit'
import type { DataProduct, QualityRun, RuleProgress } from '@datamesh/products'

/** Small enough to seed in seconds, large enough for every rule to see rows (the quality tests use it too). */
export const DEMO_SCALE = 0.05
const DEMO_SEED = 42

/** The products whose rules the demo data can judge: those of seeded domains that are not derived from other products. */
export function demoMeasurable(product: DataProduct, domains: readonly DomainDefinition[]): boolean {
  return product.inputs.length === 0 && Boolean(domains.find((domain) => domain.name === product.domain)?.seed)
}

export async function runQualityOnDemoData(
  products: readonly DataProduct[],
  domains: readonly DomainDefinition[],
  onRule?: (progress: RuleProgress) => void,
  onSeed?: (domain: string) => void,
): Promise<QualityRun> {
  const { migrateToLatest, openDomainDatabase, seedDomain } = await import('@datamesh/kit')
  const { runQuality } = await import('@datamesh/products')
  return runQuality(products, {
    ...(onRule ? { onRule } : {}),
    async open(name) {
      const domain = domains.find((candidate) => candidate.name === name)
      if (!domain) throw new Error(`no domain ${name}`)
      // env: {} so that a DATABASE_URL in the environment does not turn the memory database into a server one.
      const database = await openDomainDatabase<unknown>(domain.store ?? domain.name, { memory: true, env: {} })
      onSeed?.(domain.name)
      try {
        await migrateToLatest(database.db, domain.migrations)
        await seedDomain(domain, database.db, { scale: DEMO_SCALE, seed: DEMO_SEED })
      } catch (error) {
        await database.close()
        throw error
      }
      return database
    },
  })
}
