// Per-request batching: the quality results, latency, consumers, loads and source files of
// every product a request touches are each read in one statement.
import type { GovernanceDatabase } from '@datamesh/governance'
import { rowsLoader, type Rows } from '@datamesh/kit'
import type { Catalog, CatalogSources } from './catalog.js'
import { Catalog as CatalogClass } from './catalog.js'
import { latestQualityResults, productSources, recentProductLoads } from '@datamesh/products'
import { recentConsumers, recentLatency } from './status/measurements.js'

export function catalogLoaders(sources: () => CatalogSources) {
  let catalog: Catalog | undefined
  const current = () => (catalog ??= new CatalogClass(sources()))
  // The governance store's measurements have no row rules: who may see them is decided per
  // field by the catalog's policies (stewards only, for consumers).
  return (rows: Rows<GovernanceDatabase>) => {
    const db = rows.unruled
    return {
      catalog: current,
      // The latest result of every rule of every product: one statement, whatever the batch.
      qualityByProduct: rowsLoader(async (ids: readonly string[]) => (await latestQualityResults(db)).filter((row) => ids.includes(row.productId)), (row) => row.productId),
      latencyByRootField: rowsLoader((coordinates: readonly string[]) => recentLatency(db, coordinates), (row) => row.coordinate),
      consumersByProduct: rowsLoader(
        (ids: readonly string[]) => recentConsumers(db, new Map(ids.map((id) => [id, current().product(id)?.outputPort.types ?? []]))),
        (row) => row.productId,
      ),
      loadsByProduct: rowsLoader((ids: readonly string[]) => recentProductLoads(db, ids, 10), (row) => row.productId as string),
      sourcesByProduct: rowsLoader((ids: readonly string[]) => productSources(db, ids), (row) => row.productId),
    }
  }
}

export type Loaders = ReturnType<ReturnType<typeof catalogLoaders>>
