// What the entities' declarations do not cover: a product's category and supplier, a
// category's parent and children, all batched.
import type { Context } from '../context.js'
import type { CategoryRow, ProductRow } from '../tables/database.js'

export const Product = {
  category: (product: ProductRow, _: unknown, { loaders }: Context) => loaders.categoriesByKey.load(product.category_id),
  supplier: (product: ProductRow, _: unknown, { loaders }: Context) => loaders.suppliersByKey.load(product.supplier_id),
}

export const Category = {
  parent: (category: CategoryRow, _: unknown, { loaders }: Context) => (category.parent_id === null ? null : loaders.categoriesByKey.load(category.parent_id)),
  children: (category: CategoryRow, _: unknown, { loaders }: Context) => loaders.categoriesByParent.load(category.id),
}
