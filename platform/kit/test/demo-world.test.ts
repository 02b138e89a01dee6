import { describe, expect, it } from 'vitest'
import { DEFAULT_WORLD, DemoWorld, WORLD_END } from '../src/index.js'
import { TEST_WORLD } from '../src/testing/index.js'

const facts = (world: DemoWorld, count = 200) => ({
  categories: world.categories,
  products: Array.from({ length: Math.min(count, world.productCount) }, (_, i) => world.product(i + 1)),
  orders: Array.from({ length: count }, (_, i) => world.order(i + 1)),
})

const cents = (value: number) => Math.round(value * 100) / 100

describe('DemoWorld', () => {
  describe('determinism', () => {
    it('gives identical facts to two worlds with the same options', () => {
      const a = new DemoWorld({ scale: 1, seed: 7 })
      const b = new DemoWorld({ scale: 1, seed: 7 })
      expect(facts(a)).toEqual(facts(b))
      expect(a.entitySeed('customer-name', 12)).toBe(b.entitySeed('customer-name', 12))
    })

    it('gives the same fact for an entity whether or not others were generated first', () => {
      const a = new DemoWorld(DEFAULT_WORLD)
      const b = new DemoWorld(DEFAULT_WORLD)
      for (let id = 1; id <= 500; id++) a.order(id)
      expect(a.order(501)).toEqual(b.order(501))
      expect(a.product(99)).toEqual(b.product(99))
    })

    it('gives different facts under a different seed', () => {
      const a = facts(new DemoWorld({ scale: 1, seed: 42 }))
      const b = facts(new DemoWorld({ scale: 1, seed: 43 }))
      expect(b.orders).not.toEqual(a.orders)
      expect(b.products).not.toEqual(a.products)
      const samePrice = a.products.filter((product, i) => product.listPrice === b.products[i]!.listPrice)
      expect(samePrice.length).toBeLessThan(a.products.length / 10)
      // The category tree is the company's, not the seed's.
      expect(b.categories).toEqual(a.categories)
    })

    it('is the world the test kit seeds', () => {
      expect(TEST_WORLD).toEqual({ scale: 0.05, seed: 42 })
      expect(Object.isFrozen(TEST_WORLD)).toBe(true)
      expect(new DemoWorld().order(1)).toEqual(new DemoWorld({ scale: 1, seed: 42 }).order(1))
    })
  })

  describe('scale', () => {
    it('has 1,000 customers, 200 products and 10,000 orders at scale 1', () => {
      const world = new DemoWorld({ scale: 1, seed: 42 })
      expect({ customers: world.customerCount, products: world.productCount, orders: world.orderCount, suppliers: world.supplierCount, warehouses: world.warehouseCount }).toEqual({
        customers: 1_000,
        products: 200,
        orders: 10_000,
        suppliers: 20,
        warehouses: 5,
      })
    })

    it('has 100,000 customers and 1,000,000 orders at scale 100', () => {
      const world = new DemoWorld({ scale: 100, seed: 42 })
      expect(world.customerCount).toBe(100_000)
      expect(world.orderCount).toBe(1_000_000)
      expect(world.productCount).toBe(20_000)
      expect(world.supplierCount).toBe(2_000)
      expect(world.warehouseCount).toBe(11)
    })

    it('keeps a minimum of every entity at small scales', () => {
      const world = new DemoWorld(TEST_WORLD)
      expect({ customers: world.customerCount, products: world.productCount, orders: world.orderCount, suppliers: world.supplierCount, warehouses: world.warehouseCount }).toEqual({
        customers: 50,
        products: 10,
        orders: 500,
        suppliers: 3,
        warehouses: 5,
      })
      const tiny = new DemoWorld({ scale: 0.0001, seed: 1 })
      expect([tiny.customerCount, tiny.productCount, tiny.orderCount, tiny.supplierCount, tiny.warehouseCount]).toEqual([10, 10, 50, 3, 5])
    })

    it('keeps the same category tree at every scale', () => {
      const small = new DemoWorld(TEST_WORLD)
      const large = new DemoWorld({ scale: 100, seed: 42 })
      expect(large.categories).toEqual(small.categories)
      expect(small.categories).toHaveLength(17)
      for (const leaf of small.leafCategoryIds) expect(small.categories.find((category) => category.id === leaf)!.parentId).not.toBeNull()
    })
  })

  describe('options', () => {
    it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects the scale %s with a clear message', (scale) => {
      expect(() => new DemoWorld({ scale, seed: 42 })).toThrow(`scale must be a positive number, got ${scale}`)
    })

    it.each([1.5, Number.NaN])('rejects the seed %s with a clear message', (seed) => {
      expect(() => new DemoWorld({ scale: 1, seed })).toThrow(`seed must be an integer, got ${seed}`)
    })

    it('accepts a negative or zero integer seed', () => {
      expect(new DemoWorld({ scale: 1, seed: 0 }).seed).toBe(0)
      expect(new DemoWorld({ scale: 1, seed: -3 }).order(1).lines.length).toBeGreaterThan(0)
    })
  })

  describe('orders', () => {
    const world = new DemoWorld(DEFAULT_WORLD)
    const orders = Array.from({ length: world.orderCount }, (_, i) => world.order(i + 1))

    // Collects the orders breaking a rule, so a failure names them (and 10,000 orders do not
    // cost 50,000 expect calls).
    const offenders = (broken: (order: (typeof orders)[number]) => boolean) => orders.filter(broken).map((order) => order.id)

    it('buys only products that exist, each at most once per order', () => {
      expect(offenders((order) => order.lines.length < 1 || order.lines.length > 5)).toEqual([])
      expect(offenders((order) => new Set(order.lines.map((line) => line.productId)).size !== order.lines.length)).toEqual([])
      expect(
        offenders((order) => order.lines.some((line) => !Number.isInteger(line.productId) || line.productId < 1 || line.productId > world.productCount)),
      ).toEqual([])
    })

    it('totals an order as the sum of quantity times unit price over its lines', () => {
      expect(offenders((order) => order.total !== cents(order.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0)))).toEqual([])
      expect(offenders((order) => !(order.total > 0))).toEqual([])
      const order = world.order(1)
      expect(order.total).toBe(cents(order.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0)))
    })

    it('charges the list price, or ten percent off it', () => {
      const listPrice = (productId: number) => world.product(productId).listPrice
      expect(
        offenders((order) => order.lines.some((line) => line.unitPrice !== listPrice(line.productId) && line.unitPrice !== cents(listPrice(line.productId) * 0.9))),
      ).toEqual([])
      expect(offenders((order) => order.lines.some((line) => ![1, 2, 3, 5].includes(line.quantity)))).toEqual([])
      expect(orders.some((order) => order.lines.some((line) => line.unitPrice < listPrice(line.productId)))).toBe(true)
    })

    it('gives every order a customer that exists and unique line ids', () => {
      expect(offenders((order) => !Number.isInteger(order.customerId) || order.customerId < 1 || order.customerId > world.customerCount)).toEqual([])
      const lineIds = new Set(orders.flatMap((order) => order.lines.map((line) => line.id)))
      expect(lineIds.size).toBe(orders.reduce((count, order) => count + order.lines.length, 0))
    })

    it('places orders in id order within the two years before the end of the world', () => {
      const start = WORLD_END.getTime() - 730 * 86_400_000
      expect(orders[0]!.placedAt.getTime()).toBeGreaterThanOrEqual(start)
      expect(orders.at(-1)!.placedAt.getTime()).toBeLessThan(WORLD_END.getTime())
      expect(offenders((order) => order.id > 1 && order.placedAt <= orders[order.id - 2]!.placedAt)).toEqual([])
    })

    it('only leaves recent orders unshipped', () => {
      const ageDays = (order: (typeof orders)[number]) => (WORLD_END.getTime() - order.placedAt.getTime()) / 86_400_000
      expect(offenders((order) => order.status === 'PENDING' && ageDays(order) >= 1)).toEqual([])
      expect(offenders((order) => order.status === 'PAID' && ageDays(order) >= 4)).toEqual([])
      expect(offenders((order) => order.status === 'SHIPPED' && ageDays(order) >= 10)).toEqual([])
      expect(offenders((order) => ageDays(order) >= 10 && order.status !== 'DELIVERED' && order.status !== 'CANCELLED')).toEqual([])
    })
  })

  describe('products', () => {
    const world = new DemoWorld(DEFAULT_WORLD)

    it('files products in aisles, supplied by suppliers that exist, sold above cost', () => {
      for (let id = 1; id <= world.productCount; id++) {
        const product = world.product(id)
        expect(world.leafCategoryIds).toContain(product.categoryId)
        expect(product.supplierId).toBeGreaterThanOrEqual(1)
        expect(product.supplierId).toBeLessThanOrEqual(world.supplierCount)
        expect(product.listPrice).toBeGreaterThanOrEqual(5)
        expect(product.listPrice).toBeLessThanOrEqual(1_000)
        expect(product.supplierCost).toBeLessThan(product.listPrice)
        expect(product.listPrice).toBe(cents(product.listPrice))
      }
    })
  })
})
