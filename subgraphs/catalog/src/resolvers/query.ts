// Query.products, Query.categories, Query.suppliers and their single-row lookups.
import { loadById, paginate, parseId, type PageArgs } from '@datamesh/kit'
import type { Kysely } from 'kysely'
import type { Context } from '../context.js'
import type { Database } from '../tables/database.js'

export interface ProductFilter {
  categoryId?: string | null
  supplierId?: string | null
  nameContains?: string | null
  minPrice?: number | null
  maxPrice?: number | null
  discontinued?: boolean | null
}

function filteredProducts(db: Kysely<Database>, filter: ProductFilter) {
  let query = db.selectFrom('products')
  if (filter.categoryId != null) {
    const category = parseId(filter.categoryId) ?? 0
    query = query.where((eb) =>
      eb.or([
        eb('category_id', '=', category),
        eb('category_id', 'in', eb.selectFrom('categories').select('id').where('parent_id', '=', category)),
      ]),
    )
  }
  if (filter.supplierId != null) query = query.where('supplier_id', '=', parseId(filter.supplierId) ?? 0)
  if (filter.nameContains != null) query = query.where('name', 'ilike', `%${filter.nameContains.replace(/[\\%_]/g, '\\$&')}%`)
  if (filter.minPrice != null) query = query.where('list_price', '>=', filter.minPrice)
  if (filter.maxPrice != null) query = query.where('list_price', '<=', filter.maxPrice)
  if (filter.discontinued != null) query = query.where('discontinued', '=', filter.discontinued)
  return query
}

export const Query = {
  products: (_: unknown, args: PageArgs & { filter?: ProductFilter | null }, { db }: Context) =>
    paginate('Query.products', args, () => filteredProducts(db, args.filter ?? {})),

  product: (_: unknown, { id }: { id: string }, { loaders }: Context) => loadById(loaders.productById, id),

  categories: (_: unknown, args: PageArgs & { departmentsOnly?: boolean | null }, { db }: Context) =>
    paginate('Query.categories', args, () =>
      args.departmentsOnly ? db.selectFrom('categories').where('parent_id', 'is', null) : db.selectFrom('categories'),
    ),

  category: (_: unknown, { id }: { id: string }, { loaders }: Context) => loadById(loaders.categoryById, id),

  suppliers: (_: unknown, args: PageArgs & { country?: string | null }, { db }: Context) =>
    paginate('Query.suppliers', args, () =>
      args.country != null ? db.selectFrom('suppliers').where('country', '=', args.country.toUpperCase()) : db.selectFrom('suppliers'),
    ),

  supplier: (_: unknown, { id }: { id: string }, { loaders }: Context) => loadById(loaders.supplierById, id),
}
