// Product, Category and Supplier: resolved by id for other domains, relations batched.
import { loadById } from '@datamesh/kit'
import type { Context } from '../context.js'
import type { CategoryRow, ProductRow, SupplierRow } from '../tables/database.js'

export const Product = {
  __resolveReference: ({ id }: { id: string }, { loaders }: Context) => loadById(loaders.productById, id),
  listPrice: (product: ProductRow) => product.list_price,
  supplierCost: (product: ProductRow) => product.supplier_cost,
  createdAt: (product: ProductRow) => product.created_at,
  category: (product: ProductRow, _: unknown, { loaders }: Context) => loaders.categoryById.load(product.category_id),
  supplier: (product: ProductRow, _: unknown, { loaders }: Context) => loaders.supplierById.load(product.supplier_id),
}

export const Category = {
  __resolveReference: ({ id }: { id: string }, { loaders }: Context) => loadById(loaders.categoryById, id),
  parent: (category: CategoryRow, _: unknown, { loaders }: Context) => (category.parent_id === null ? null : loaders.categoryById.load(category.parent_id)),
  children: (category: CategoryRow, _: unknown, { loaders }: Context) => loaders.categoriesByParent.load(category.id),
}

export const Supplier = {
  __resolveReference: ({ id }: { id: string }, { loaders }: Context) => loadById(loaders.supplierById, id),
  contactEmail: (supplier: SupplierRow) => supplier.contact_email,
}
