import type { DomainSummary } from '../catalog.js'
import type { Context } from '../context.js'

export const Domain = {
  teams: (domain: DomainSummary, _: unknown, { loaders }: Context) => [
    ...new Set(loaders.catalog().products.filter((product) => product.domain === domain.name).map((product) => product.owner.team)),
  ],
  dataProducts: (domain: DomainSummary, _: unknown, { loaders }: Context) => loaders.catalog().products.filter((product) => product.domain === domain.name),
}
