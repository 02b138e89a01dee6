// Query.domains, Query.dataProducts (filter and rank) and Query.dataProduct.
import type { Context } from '../context.js'
import { rank } from '../search.js'

export const Query = {
  domains: (_: unknown, __: unknown, { loaders }: Context) => loaders.catalog().domains,

  dataProducts(_: unknown, args: { search?: string | null; domain?: string | null; status?: string | null }, { loaders }: Context) {
    const catalog = loaders.catalog()
    const status = args.status?.toLowerCase()
    const candidates = catalog.products.filter(
      (product) => (!args.domain || product.domain === args.domain) && (!status || product.status === status),
    )
    if (!args.search?.trim()) return candidates
    return rank(catalog, candidates, args.search).map(({ product, relevance }) => ({ ...product, relevance }))
  },

  dataProduct: (_: unknown, { id }: { id: string }, { loaders }: Context) => loaders.catalog().product(id) ?? null,
}
