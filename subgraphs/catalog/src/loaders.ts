// Per-request batching beyond the entities' own: the children of every category in a
// request are answered by one statement per batch.
import { manyBy, type Rows } from '@datamesh/kit'
import type { Database } from './tables/database.js'

export function createLoaders(rows: Rows<Database>) {
  return {
    categoriesByParent: manyBy(() => rows('categories').orderBy('id'), 'parent_id'),
  }
}

export type Loaders = ReturnType<typeof createLoaders>
