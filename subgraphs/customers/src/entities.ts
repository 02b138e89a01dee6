// The customers table published as the Customer entity: its connection with the filters
// the schema declares, its lookup by id, and its resolution for other domains. A customer
// this request may not see (row rules) resolves to null wherever the reference comes from.
import { tableFilters, type TableEntity } from '@datamesh/kit'

const { atLeast, before, contains, equals } = tableFilters

export const entities: readonly TableEntity[] = [
  {
    type: 'Customer',
    table: 'customers',
    lookup: 'customer',
    connection: {
      field: 'customers',
      filters: {
        country: equals('country', { upperCase: true }),
        segment: equals('segment'),
        marketingConsent: equals('marketing_consent'),
        nameContains: contains('name'),
        createdAfter: atLeast('created_at'),
        createdBefore: before('created_at'),
      },
    },
  },
]
