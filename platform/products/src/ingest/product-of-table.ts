// Which data product a domain table belongs to, so a load is validated against that
// product's rules and recorded in its name. In order: the product whose quality rules name
// the table; else the product whose output port publishes a type the table is named after
// (Customer → customers, StockLevel → stock_levels); else the domain's only product. A
// table none of these finds belongs to no product: it is loaded and checked against the
// database alone.
import type { DataProduct } from '../descriptor/data-product.js'

/** `StockLevel` → `stock_levels`, `Address` → `addresses`, `Category` → `categories`. */
export function tableNameOf(typeName: string): string {
  const snake = typeName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()
  if (/[^aeiou]y$/.test(snake)) return `${snake.slice(0, -1)}ies`
  if (/(s|x|z|ch|sh)$/.test(snake)) return `${snake}es`
  return `${snake}s`
}

export function productOfTable(products: readonly DataProduct[], domain: string, table: string): DataProduct | null {
  const own = products.filter((product) => product.domain === domain)
  return (
    own.find((product) => product.quality.some((rule) => rule.table === table)) ??
    own.find((product) => product.outputPort.types.some((type) => tableNameOf(type) === table)) ??
    (own.length === 1 ? (own[0] as DataProduct) : null)
  )
}
