// Per-request batching beyond the Customer entity's own: every address list in a request
// is answered by one statement per batch.
import { manyBy, type Rows } from '@datamesh/kit'
import type { Database } from './tables/database.js'

export function createLoaders(rows: Rows<Database>) {
  return {
    addressesByCustomer: manyBy(() => rows('addresses').orderBy('id'), 'customer_id'),
  }
}

export type Loaders = ReturnType<typeof createLoaders>
