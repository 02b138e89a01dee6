// The demo company's shared reality. Each domain generates its own rows, but some facts
// cross domains (order 42 belongs to customer 17 and bought product 3 at its list price;
// its shipment leaves after it was placed). They are computed here, deterministically,
// so that every domain seeded with the same scale and seed agrees without reading
// another domain's database.
import { hashKey, Random } from './random.js'

export interface WorldOptions {
  /** 1 is the default small mesh (1,000 customers, 10,000 orders); 100 is millions of rows. */
  readonly scale: number
  readonly seed: number
}

export const DEFAULT_WORLD: WorldOptions = Object.freeze({ scale: 1, seed: 42 })

export type OrderStatus = 'PENDING' | 'PAID' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED'

export interface CategoryFact {
  readonly id: number
  readonly name: string
  readonly parentId: number | null
}

export interface ProductFact {
  readonly id: number
  readonly categoryId: number
  readonly supplierId: number
  readonly listPrice: number
  readonly supplierCost: number
}

export interface OrderLineFact {
  readonly id: number
  readonly productId: number
  readonly quantity: number
  readonly unitPrice: number
}

export interface OrderFact {
  readonly id: number
  readonly customerId: number
  readonly placedAt: Date
  readonly status: OrderStatus
  readonly total: number
  readonly lines: readonly OrderLineFact[]
}

/** Departments and their aisles; leaf categories hold products. */
const CATEGORY_TREE: readonly (readonly [string, readonly string[]])[] = [
  ['Electronics', ['Audio', 'Computers', 'Phones']],
  ['Home', ['Kitchen', 'Furniture', 'Garden']],
  ['Fashion', ['Shoes', 'Outerwear']],
  ['Sports', ['Cycling', 'Running']],
  ['Books', ['Fiction', 'Non-fiction']],
]

/** The last moment of the generated history: orders are placed in the two years before it. */
export const WORLD_END = new Date('2026-11-01T00:00:00Z')
const HISTORY_MS = 730 * 24 * 3600 * 1000
const MAX_LINES_PER_ORDER = 5

function money(value: number): number {
  return Math.round(value * 100) / 100
}

export class DemoWorld {
  readonly scale: number
  readonly seed: number
  readonly customerCount: number
  readonly supplierCount: number
  readonly productCount: number
  readonly warehouseCount: number
  readonly orderCount: number
  readonly categories: readonly CategoryFact[]
  readonly leafCategoryIds: readonly number[]

  constructor(options: WorldOptions = DEFAULT_WORLD) {
    if (!(options.scale > 0) || !Number.isFinite(options.scale)) throw new Error(`scale must be a positive number, got ${options.scale}`)
    if (!Number.isInteger(options.seed)) throw new Error(`seed must be an integer, got ${options.seed}`)
    this.scale = options.scale
    this.seed = options.seed
    this.customerCount = Math.max(10, Math.round(1_000 * options.scale))
    this.supplierCount = Math.max(3, Math.round(20 * options.scale))
    this.productCount = Math.max(10, Math.round(200 * options.scale))
    this.warehouseCount = 5 + Math.max(0, Math.round(3 * Math.log10(options.scale)))
    this.orderCount = Math.max(50, Math.round(10_000 * options.scale))
    const categories: CategoryFact[] = []
    const leaves: number[] = []
    for (const [department, aisles] of CATEGORY_TREE) {
      const parentId = categories.length + 1
      categories.push({ id: parentId, name: department, parentId: null })
      for (const aisle of aisles) {
        categories.push({ id: categories.length + 1, name: aisle, parentId })
        leaves.push(categories.length)
      }
    }
    this.categories = categories
    this.leafCategoryIds = leaves
  }

  /** The generator for one entity's own attributes: `world.random('customer', 7)`. */
  random(stream: string, index: number): Random {
    return new Random(hashKey(this.seed, stream, index))
  }

  /** A stable integer for seeding other generators (names, addresses) per entity. */
  entitySeed(stream: string, index: number): number {
    return hashKey(this.seed, stream, index)
  }

  product(id: number): ProductFact {
    const random = this.random('product', id)
    const categoryId = random.pick(this.leafCategoryIds)
    const listPrice = money(5 + random.next() ** 2 * 995)
    return {
      id,
      categoryId,
      supplierId: random.int(1, this.supplierCount),
      listPrice,
      supplierCost: money(listPrice * (0.35 + random.next() * 0.35)),
    }
  }

  order(id: number): OrderFact {
    const random = this.random('order', id)
    // Orders are spread over the history in id order, so newer orders have higher ids.
    const placedAt = new Date(WORLD_END.getTime() - HISTORY_MS + Math.floor(((id - 0.5 + random.next() * 0.5) / this.orderCount) * HISTORY_MS))
    const ageDays = (WORLD_END.getTime() - placedAt.getTime()) / 86_400_000
    const status: OrderStatus = random.chance(0.03)
      ? 'CANCELLED'
      : ageDays < 1
        ? random.pick(['PENDING', 'PAID'] as const)
        : ageDays < 4
          ? random.pick(['PAID', 'SHIPPED'] as const)
          : ageDays < 10
            ? random.pick(['SHIPPED', 'DELIVERED'] as const)
            : 'DELIVERED'
    const lineCount = random.int(1, MAX_LINES_PER_ORDER)
    const seen = new Set<number>()
    const lines: OrderLineFact[] = []
    for (let n = 0; n < lineCount; n++) {
      const productId = random.skewed(this.productCount, 1.6)
      if (seen.has(productId)) continue
      seen.add(productId)
      const discount = random.chance(0.15) ? 0.9 : 1
      lines.push({
        id: (id - 1) * MAX_LINES_PER_ORDER + n + 1,
        productId,
        quantity: random.weighted([[1, 6], [2, 3], [3, 1], [5, 0.3]] as const),
        unitPrice: money(this.product(productId).listPrice * discount),
      })
    }
    const total = money(lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0))
    return { id, customerId: random.skewed(this.customerCount, 1.5), placedAt, status, total, lines }
  }
}
