// Generates the customers domain's rows from the demo world: realistic names, contacts
// and addresses per country, the same for the same scale and seed.
import type { Faker } from '@faker-js/faker'
import { WORLD_END, type DomainSeed, type Row } from '@datamesh/kit'
import type { Database } from './src/tables/database.js'

// Loaded when seeding, not when serving: faker's locales are large.
async function countries(): Promise<readonly (readonly [string, Faker, number])[]> {
  const { fakerDE, fakerEN_GB, fakerEN_US, fakerES, fakerFR, fakerIT, fakerNL, fakerPL } = await import('@faker-js/faker')
  return [
    ['US', fakerEN_US, 30],
    ['DE', fakerDE, 18],
    ['GB', fakerEN_GB, 14],
    ['FR', fakerFR, 12],
    ['ES', fakerES, 8],
    ['IT', fakerIT, 8],
    ['NL', fakerNL, 6],
    ['PL', fakerPL, 4],
  ]
}
const SIGNUP_START = WORLD_END.getTime() - 5 * 365 * 86_400_000
const SIGNUP_SPAN = 3 * 365 * 86_400_000

export const seed: DomainSeed<Database> = {
  tables: ['addresses', 'customers'],
  async run(_db, { world, insert }) {
    const locales = (await countries()).map(([code, locale, weight]) => [[code, locale] as const, weight] as const)
    const addresses: Row[] = []
    function* customers(): Generator<Row> {
      for (let id = 1; id <= world.customerCount; id++) {
        const random = world.random('customer', id)
        const [country, faker] = random.weighted(locales)
        faker.seed(world.entitySeed('customer-person', id))
        const firstName = faker.person.firstName()
        const lastName = faker.person.lastName()
        const slug = `${firstName}.${lastName}`.normalize('NFD').replace(/[^A-Za-z.]/g, '').toLowerCase()
        const segment = random.weighted([['CONSUMER', 85], ['SMALL_BUSINESS', 12], ['ENTERPRISE', 3]] as const)
        const shipping = { kind: 'SHIPPING', line1: faker.location.streetAddress(), city: faker.location.city(), postal_code: faker.location.zipCode() }
        addresses.push({ customer_id: id, ...shipping, line2: random.chance(0.2) ? faker.location.secondaryAddress() : null, country })
        if (segment !== 'CONSUMER' || random.chance(0.25)) {
          addresses.push({ customer_id: id, kind: 'BILLING', line1: faker.location.streetAddress(), line2: null, city: faker.location.city(), postal_code: faker.location.zipCode(), country })
        }
        yield {
          id,
          name: `${firstName} ${lastName}`,
          email: `${slug}.${id}@${random.pick(['example.com', 'example.org', 'example.net'])}`,
          phone: random.chance(0.8) ? faker.phone.number({ style: 'international' }) : null,
          birth_date: random.chance(0.9) ? faker.date.birthdate({ mode: 'age', min: 18, max: 85, refDate: WORLD_END }).toISOString().slice(0, 10) : null,
          country,
          segment,
          marketing_consent: random.chance(0.6),
          created_at: new Date(SIGNUP_START + Math.floor(random.next() * SIGNUP_SPAN)),
        }
      }
    }
    await insert('customers', customers(), world.customerCount)
    await insert('addresses', addresses, addresses.length)
  },
}
