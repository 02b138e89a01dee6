// The catalog tables published as entities: products, categories and suppliers, each with
// its connection, the filters the schema declares, its lookup and its resolution by id.
import { parseId, tableFilters, type TableEntity } from '@datamesh/kit'

const { atLeast, atMost, contains, equals } = tableFilters

export const entities: readonly TableEntity[] = [
  {
    type: 'Product',
    table: 'products',
    lookup: 'product',
    connection: {
      field: 'products',
      filters: {
        // A department's products are those of its aisles too.
        categoryId: (query, id) => {
          const category = parseId(id as string) ?? 0
          return query.where((eb) =>
            eb.or([eb('category_id', '=', category), eb('category_id', 'in', eb.selectFrom('categories').select('id').where('parent_id', '=', category))]),
          )
        },
        supplierId: equals('supplier_id', { id: true }),
        nameContains: contains('name'),
        minPrice: atLeast('list_price'),
        maxPrice: atMost('list_price'),
        discontinued: equals('discontinued'),
      },
    },
  },
  {
    type: 'Category',
    table: 'categories',
    lookup: 'category',
    connection: {
      field: 'categories',
      argument: null,
      filters: { departmentsOnly: (query, only) => (only ? query.where('parent_id', 'is', null) : query) },
    },
  },
  {
    type: 'Supplier',
    table: 'suppliers',
    lookup: 'supplier',
    connection: { field: 'suppliers', argument: null, filters: { country: equals('country', { upperCase: true }) } },
  },
]
