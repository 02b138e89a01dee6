// Ranking data products for a search: every word of the search scores where it is found,
// strongest in the name and id, then the description, then field names, then tags and
// classifications. Products that match no word are not returned.
import type { DataProduct } from '@datamesh/products'
import type { Catalog } from './catalog.js'

const WEIGHTS = { name: 8, id: 6, description: 3, field: 2, tag: 1 } as const

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9:]+/).filter(Boolean)
}

export interface Ranked {
  readonly product: DataProduct
  readonly relevance: number
}

export function rank(catalog: Catalog, products: readonly DataProduct[], search: string): Ranked[] {
  const terms = words(search)
  if (terms.length === 0) return products.map((product) => ({ product, relevance: 0 }))
  const ranked: Ranked[] = []
  for (const product of products) {
    const fields = catalog.fields(product)
    const fieldNames = fields.map((field) => field.coordinate.toLowerCase())
    const tags = fields.flatMap((field) => (field.classification ? [field.classification] : []))
    let relevance = 0
    for (const term of terms) {
      if (product.name.toLowerCase().includes(term)) relevance += WEIGHTS.name
      if (product.id.toLowerCase().includes(term)) relevance += WEIGHTS.id
      if (product.description.toLowerCase().includes(term)) relevance += WEIGHTS.description
      relevance += WEIGHTS.field * Math.min(3, fieldNames.filter((name) => name.includes(term)).length)
      if (tags.includes(term)) relevance += WEIGHTS.tag
    }
    if (relevance > 0) ranked.push({ product, relevance })
  }
  return ranked.sort((a, b) => b.relevance - a.relevance || a.product.id.localeCompare(b.product.id))
}
