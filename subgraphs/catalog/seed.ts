// Generates the catalog from the demo world: categories, suppliers and products whose
// prices are the ones the orders domain charged.
import { WORLD_END, type DomainSeed, type Row } from '@datamesh/kit'
import type { Database } from './src/tables/database.js'

/** What each aisle sells, so that names fit their category. */
const PRODUCT_NOUNS: Readonly<Record<string, readonly string[]>> = {
  Audio: ['Headphones', 'Earbuds', 'Bluetooth Speaker', 'Soundbar', 'Turntable', 'Microphone'],
  Computers: ['Laptop', 'Monitor', 'Keyboard', 'Mouse', 'Docking Station', 'Webcam'],
  Phones: ['Smartphone', 'Phone Case', 'Fast Charger', 'Screen Protector', 'Power Bank'],
  Kitchen: ["Chef's Knife", 'Frying Pan', 'Kettle', 'Blender', 'Cutting Board', 'Coffee Grinder'],
  Furniture: ['Desk Chair', 'Standing Desk', 'Bookshelf', 'Sofa', 'Floor Lamp', 'Side Table'],
  Garden: ['Garden Hose', 'Planter', 'Pruning Shears', 'Lawn Mower', 'Watering Can'],
  Shoes: ['Sneakers', 'Hiking Boots', 'Sandals', 'Loafers', 'Trail Shoes'],
  Outerwear: ['Rain Jacket', 'Parka', 'Fleece', 'Softshell Jacket', 'Down Vest'],
  Cycling: ['Bike Helmet', 'Bike Light', 'Saddle', 'Bike Lock', 'Cycling Gloves'],
  Running: ['Running Vest', 'Sports Watch', 'Running Tights', 'Water Bottle', 'Headlamp'],
}
const SUPPLIER_COUNTRIES = ['CN', 'DE', 'US', 'IT', 'VN', 'PL', 'TR', 'FR'] as const
const CATALOG_START = WORLD_END.getTime() - 4 * 365 * 86_400_000

export const seed: DomainSeed<Database> = {
  tables: ['products', 'suppliers', 'categories'],
  async run(_db, { world, insert }) {
    // Loaded when seeding, not when serving.
    const { faker } = await import('@faker-js/faker')
    await insert(
      'categories',
      world.categories.map((category) => ({ id: category.id, name: category.name, parent_id: category.parentId })),
    )
    function* suppliers(): Generator<Row> {
      for (let id = 1; id <= world.supplierCount; id++) {
        const random = world.random('supplier', id)
        faker.seed(world.entitySeed('supplier-name', id))
        const name = faker.company.name()
        yield {
          id,
          name,
          country: random.pick(SUPPLIER_COUNTRIES),
          contact_email: `purchasing@${name.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '')}.example.com`,
        }
      }
    }
    await insert('suppliers', suppliers(), world.supplierCount)
    function* products(): Generator<Row> {
      for (let id = 1; id <= world.productCount; id++) {
        const fact = world.product(id)
        const random = world.random('product-details', id)
        faker.seed(world.entitySeed('product-name', id))
        const category = world.categories.find((candidate) => candidate.id === fact.categoryId)?.name ?? ''
        const nouns = PRODUCT_NOUNS[category]
        yield {
          id,
          sku: `SKU-${String(fact.categoryId).padStart(2, '0')}-${String(id).padStart(6, '0')}`,
          name: nouns ? `${faker.commerce.productAdjective()} ${random.pick(nouns)}` : faker.book.title(),
          description: faker.commerce.productDescription(),
          category_id: fact.categoryId,
          supplier_id: fact.supplierId,
          list_price: fact.listPrice,
          supplier_cost: fact.supplierCost,
          discontinued: random.chance(0.04),
          created_at: new Date(CATALOG_START + Math.floor(random.next() * 365 * 86_400_000)),
        }
      }
    }
    await insert('products', products(), world.productCount)
  },
}
