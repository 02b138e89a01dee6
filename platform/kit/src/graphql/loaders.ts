// Per-request DataLoaders: every entity reference and every one-to-many relation in a
// request is collected and answered by one SQL statement per batch.
import DataLoader from 'dataloader'

/** One row per key (entity references, many-to-one), `null` where no row has the key. */
export function rowLoader<K, R>(load: (keys: readonly K[]) => Promise<readonly R[]>, keyOf: (row: R) => K): DataLoader<K, R | null> {
  return new DataLoader<K, R | null>(async (keys) => {
    const byKey = new Map<K, R>()
    for (const row of await load(keys)) byKey.set(keyOf(row), row)
    return keys.map((key) => byKey.get(key) ?? null)
  })
}

/** Every row per key (one-to-many), in the order the statement returned them. */
export function rowsLoader<K, R>(load: (keys: readonly K[]) => Promise<readonly R[]>, keyOf: (row: R) => K): DataLoader<K, R[]> {
  return new DataLoader<K, R[]>(async (keys) => {
    const byKey = new Map<K, R[]>()
    for (const row of await load(keys)) {
      const key = keyOf(row)
      const group = byKey.get(key)
      if (group) group.push(row)
      else byKey.set(key, [row])
    }
    return keys.map((key) => byKey.get(key) ?? [])
  })
}

/**
 * Loaders whose batch depends on field arguments (`Customer.orders(first: 5, status: PAID)`):
 * one loader per distinct argument set, each batching its keys into one statement.
 */
export function loaderFamily<A, L>(create: (args: A) => L): (args: A) => L {
  const family = new Map<string, L>()
  return (args) => {
    const id = JSON.stringify(args)
    let loader = family.get(id)
    if (!loader) {
      loader = create(args)
      family.set(id, loader)
    }
    return loader
  }
}
