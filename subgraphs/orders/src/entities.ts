// The orders table published as the Order entity: its connection with the filters the
// schema declares, its lookup by id, its resolution for other domains, and its customer.
// An order this request may not see (row rules) resolves to null wherever it is referenced.
import { tableFilters, type TableEntity } from '@datamesh/kit'

const { atLeast, before, equals, oneOf } = tableFilters

export const entities: readonly TableEntity[] = [
  {
    type: 'Order',
    table: 'orders',
    lookup: 'order',
    connection: {
      field: 'orders',
      filters: {
        customerId: equals('customer_id', { id: true }),
        status: oneOf('status'),
        placedAfter: atLeast('placed_at'),
        placedBefore: before('placed_at'),
        minTotal: atLeast('total'),
      },
      ranges: [['placedAfter', 'placedBefore']],
    },
    references: { customer: { type: 'Customer', column: 'customer_id' } },
  },
]
