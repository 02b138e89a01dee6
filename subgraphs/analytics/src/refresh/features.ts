// The features, computed in memory from the input products as they stream in: one small
// record per customer and per product (never one per order), so memory grows with the
// number of customers and products, not with the order history.
import type { ChurnRisk } from '../tables/database.js'

const DAY_MS = 86_400_000

/**
 * Churn risk by the whole days since the last (not cancelled) order at the as-of time:
 * LOW up to 90 days, MEDIUM from 91 to 180 days, HIGH beyond; NONE for a customer without
 * such an order.
 */
export const CHURN_THRESHOLDS = Object.freeze({ lowUpToDays: 90, mediumUpToDays: 180 })

/** Demand is measured over the 12 weeks before the as-of time. */
export const DEMAND_WINDOW_WEEKS = 12
export const DEMAND_WINDOW_DAYS = DEMAND_WINDOW_WEEKS * 7

export function churnRisk(daysSinceLastOrder: number | null): ChurnRisk {
  if (daysSinceLastOrder === null) return 'NONE'
  if (daysSinceLastOrder <= CHURN_THRESHOLDS.lowUpToDays) return 'LOW'
  if (daysSinceLastOrder <= CHURN_THRESHOLDS.mediumUpToDays) return 'MEDIUM'
  return 'HIGH'
}

/** Rounds to `places` decimals (money to the cent, rates to two decimals). */
export function round(value: number, places: number): number {
  const factor = 10 ** places
  return Math.round(value * factor) / factor
}

/** One order as the refresh reads it through the gateway. */
export interface OrderObservation {
  readonly customerId: number
  readonly placedAt: Date
  readonly status: string
  readonly total: number
  readonly lines: readonly { readonly productId: number; readonly quantity: number; readonly category: string }[]
}

export interface CustomerFeatureValues {
  readonly customerId: number
  readonly orderCount: number
  readonly lifetimeValue: number
  readonly averageBasket: number | null
  readonly daysSinceLastOrder: number | null
  readonly lastOrderAt: Date | null
  readonly favouriteCategory: string | null
  readonly churnRisk: ChurnRisk
}

export interface ProductDemandValues {
  readonly productId: number
  readonly unitsPerWeek: number
  readonly stockOnHand: number
  readonly stockCoverDays: number | null
}

interface CustomerState {
  orders: number
  /** Lifetime value in cents, summed as integers so that thousands of totals add up exactly. */
  cents: number
  lastOrderAt: number | null
  unitsByCategory: Map<string, number>
}

interface ProductState {
  unitsInWindow: number
  stockOnHand: number
}

/** The category with the most units; ties go to the name first in alphabetical (code point) order. */
function favourite(unitsByCategory: ReadonlyMap<string, number>): string | null {
  let best: string | null = null
  let bestUnits = 0
  for (const [category, units] of unitsByCategory) {
    if (units > bestUnits || (units === bestUnits && best !== null && category < best)) {
      best = category
      bestUnits = units
    }
  }
  return best
}

export class FeatureAggregator {
  readonly #asOf: number
  readonly #windowStart: number
  readonly #customers = new Map<number, CustomerState>()
  readonly #products = new Map<number, ProductState>()

  constructor(asOf: Date) {
    this.#asOf = asOf.getTime()
    this.#windowStart = this.#asOf - DEMAND_WINDOW_DAYS * DAY_MS
  }

  #customer(id: number): CustomerState {
    let state = this.#customers.get(id)
    if (!state) {
      state = { orders: 0, cents: 0, lastOrderAt: null, unitsByCategory: new Map() }
      this.#customers.set(id, state)
    }
    return state
  }

  #product(id: number): ProductState {
    let state = this.#products.get(id)
    if (!state) {
      state = { unitsInWindow: 0, stockOnHand: 0 }
      this.#products.set(id, state)
    }
    return state
  }

  /** A customer who gets features even without orders (churn risk NONE). */
  addCustomer(id: number): void {
    this.#customer(id)
  }

  /** A product that gets demand figures even without sales or stock. */
  addProduct(id: number): void {
    this.#product(id)
  }

  /** One warehouse's stock of a product. */
  addStock(productId: number, quantity: number): void {
    this.#product(productId).stockOnHand += quantity
  }

  /** One order: counted when placed before the as-of time and not cancelled. */
  addOrder(order: OrderObservation): void {
    const customer = this.#customer(order.customerId)
    const placedAt = order.placedAt.getTime()
    for (const line of order.lines) this.#product(line.productId)
    if (order.status === 'CANCELLED' || !(placedAt < this.#asOf)) return
    customer.orders += 1
    customer.cents += Math.round(order.total * 100)
    if (customer.lastOrderAt === null || placedAt > customer.lastOrderAt) customer.lastOrderAt = placedAt
    const inWindow = placedAt >= this.#windowStart
    for (const line of order.lines) {
      customer.unitsByCategory.set(line.category, (customer.unitsByCategory.get(line.category) ?? 0) + line.quantity)
      if (inWindow) this.#product(line.productId).unitsInWindow += line.quantity
    }
  }

  get customerCount(): number {
    return this.#customers.size
  }

  get productCount(): number {
    return this.#products.size
  }

  /** Every customer's features, in customer id order. */
  *customerFeatures(): Generator<CustomerFeatureValues> {
    for (const id of [...this.#customers.keys()].sort((a, b) => a - b)) {
      const state = this.#customers.get(id) as CustomerState
      const days = state.lastOrderAt === null ? null : Math.floor((this.#asOf - state.lastOrderAt) / DAY_MS)
      yield {
        customerId: id,
        orderCount: state.orders,
        lifetimeValue: state.cents / 100,
        averageBasket: state.orders ? Math.round(state.cents / state.orders) / 100 : null,
        daysSinceLastOrder: days,
        lastOrderAt: state.lastOrderAt === null ? null : new Date(state.lastOrderAt),
        favouriteCategory: favourite(state.unitsByCategory),
        churnRisk: churnRisk(days),
      }
    }
  }

  /** Every product's demand, in product id order. */
  *productDemand(): Generator<ProductDemandValues> {
    for (const id of [...this.#products.keys()].sort((a, b) => a - b)) {
      const state = this.#products.get(id) as ProductState
      const unitsPerWeek = state.unitsInWindow / DEMAND_WINDOW_WEEKS
      yield {
        productId: id,
        unitsPerWeek: round(unitsPerWeek, 2),
        stockOnHand: state.stockOnHand,
        stockCoverDays: unitsPerWeek > 0 ? round(state.stockOnHand / (unitsPerWeek / 7), 1) : null,
      }
    }
  }
}
