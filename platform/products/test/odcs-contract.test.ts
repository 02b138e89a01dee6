// The ODCS v3.1.0 contracts of the real data products, made from the real descriptors and
// the committed supergraph, checked against the official ODCS JSON Schema.
import { governedSchema } from '@datamesh/governance'
import { gatewayUrl, openDomainDatabase, repositoryRoot } from '@datamesh/kit'
import { testDatabase } from '@datamesh/kit/testing'
import { isNonNullType, isObjectType } from 'graphql'
import { sql } from 'kysely'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import {
  ContractError,
  contractYaml,
  customProperty,
  exportContracts,
  loadProducts,
  supergraphDomains,
  toOdcsContract,
  validateOdcsContract,
  type DataProduct,
  type OdcsContract,
  type OdcsProperty,
  type OdcsQuality,
} from '../src/index.js'

const supergraph = readFileSync(join(repositoryRoot, 'schemas', 'supergraph.graphql'), 'utf8')
const products = loadProducts(supergraphDomains(supergraph))
const options = { gatewayUrl: gatewayUrl({}) }

function product(id: string): DataProduct {
  const found = products.find((candidate) => candidate.id === id)
  if (!found) throw new Error(`no product ${id}`)
  return found
}

function contractOf(id: string, sdl = supergraph): OdcsContract {
  return toOdcsContract(product(id), sdl, options)
}

function property(contract: OdcsContract, coordinate: string): OdcsProperty {
  const [type, field] = coordinate.split('.')
  const found = contract.schema.find((object) => object.name === type)?.properties.find((candidate) => candidate.name === field)
  if (!found) throw new Error(`${contract.id} has no property ${coordinate}`)
  return found
}

/** Every quality rule of the contract, wherever ODCS puts it (on an object or a property). */
function qualityOf(contract: OdcsContract): OdcsQuality[] {
  return contract.schema.flatMap((object) => [...(object.quality ?? []), ...object.properties.flatMap((prop) => prop.quality ?? [])])
}

function expectValid(contract: unknown): void {
  const problems = validateOdcsContract(contract)
  // On failure, ajv's errors are the message: path and what is wrong.
  expect(problems.map((problem) => `${problem.path}: ${problem.message}`), `ODCS v3.1.0 schema violations of ${(contract as OdcsContract).id}`).toEqual([])
}

describe('the ODCS contract of every data product', () => {
  it('exists for each of the mesh\'s products (the four original domains at least)', () => {
    expect(products.map((candidate) => candidate.id)).toEqual(
      expect.arrayContaining(['catalog.products', 'customers.profiles', 'fulfillment.inventory', 'fulfillment.shipments', 'orders.orders']),
    )
  })

  it.each(products.map((candidate) => [candidate.id]))('of %s validates against the official ODCS v3.1.0 JSON Schema, as an object and as the YAML written', (id) => {
    const contract = contractOf(id)
    expectValid(contract)
    expectValid(parse(contractYaml(contract)))
    expect(contract).toMatchObject({ apiVersion: 'v3.1.0', kind: 'DataContract', id, version: product(id).version, status: product(id).status, domain: product(id).domain })
  })

  it('is what exportContracts returns for all products, each as <product-id>.odcs.yaml', () => {
    const exported = exportContracts(products, supergraph, options)
    expect(exported.map(({ fileName }) => fileName)).toEqual(products.map(({ id }) => `${id}.odcs.yaml`))
    for (const { contract, yaml } of exported) expect(parse(yaml)).toEqual(JSON.parse(JSON.stringify(contract)))
  })

  it('is refused by the schema when it is not a contract ODCS accepts (the validator is not a rubber stamp)', () => {
    const contract = contractOf('customers.profiles')
    expect(validateOdcsContract({ ...contract, servers: [{ server: 'gateway', type: 'api', location: 'not a uri' }] }).map((p) => p.path)).toContain('/servers/0/location')
    expect(validateOdcsContract({ ...contract, apiVersion: 'v9' }).map((p) => p.path)).toContain('/apiVersion')
    const [first, ...rest] = contract.schema
    const broken = { ...contract, schema: [{ ...first, properties: [{ ...first!.properties[0], logicalType: 'uuid' }] }, ...rest] }
    expect(validateOdcsContract(broken).map((p) => p.path)).toContain('/schema/0/properties/0/logicalType')
  })
})

describe('the schema of a contract', () => {
  it('has one object per output-port type, described from the SDL, with a property for every field of the API schema', () => {
    const { apiSchema } = governedSchema(supergraph)
    for (const candidate of products) {
      const contract = contractOf(candidate.id)
      expect(contract.schema.map((object) => object.name)).toEqual(candidate.outputPort.types)
      for (const object of contract.schema) {
        const type = apiSchema.getType(object.name)
        if (!isObjectType(type)) throw new Error(`${object.name} is not an object type`)
        expect(object).toMatchObject({ logicalType: 'object', physicalType: 'graphql type', description: type.description })
        expect(object.properties.map((prop) => prop.name)).toEqual(Object.keys(type.getFields()))
        for (const field of Object.values(type.getFields())) {
          const prop = object.properties.find((candidateProp) => candidateProp.name === field.name)!
          expect(prop.physicalType).toBe(String(field.type))
          expect(prop.required, `${object.name}.${field.name} is required exactly when non-null`).toBe(isNonNullType(field.type))
          expect(prop.description).toBe(field.description ?? undefined)
        }
      }
    }
  })

  it('maps GraphQL types to ODCS logical types: scalars, enums with their values, objects, and lists with items', () => {
    const customers = contractOf('customers.profiles')
    const orders = contractOf('orders.orders')
    expect(property(customers, 'Customer.id')).toMatchObject({ logicalType: 'string', physicalType: 'ID!', required: true, primaryKey: true, primaryKeyPosition: 1 })
    expect(property(customers, 'Customer.name')).toMatchObject({ logicalType: 'string', physicalType: 'String!', required: true })
    expect(property(customers, 'Customer.marketingConsent')).toMatchObject({ logicalType: 'boolean', required: true })
    expect(property(customers, 'Customer.createdAt')).toMatchObject({ logicalType: 'timestamp', logicalTypeOptions: { timezone: true }, physicalType: 'DateTime!' })
    expect(property(customers, 'Customer.birthDate')).toMatchObject({ logicalType: 'date', physicalType: 'Date', required: false })
    expect(property(orders, 'OrderLine.quantity')).toMatchObject({ logicalType: 'integer', logicalTypeOptions: { format: 'i32' } })
    expect(property(orders, 'Order.total')).toMatchObject({ logicalType: 'number', logicalTypeOptions: { format: 'f64' } })
    const segment = property(customers, 'Customer.segment')
    expect(segment).toMatchObject({ logicalType: 'string', physicalType: 'CustomerSegment', examples: ['CONSUMER', 'SMALL_BUSINESS', 'ENTERPRISE'] })
    expect(customProperty(segment, 'validValues')).toEqual(['CONSUMER', 'SMALL_BUSINESS', 'ENTERPRISE'])
    expect(property(orders, 'Order.customer')).toMatchObject({ logicalType: 'object', physicalType: 'Customer', required: false })
    expect(property(customers, 'Customer.addresses')).toMatchObject({
      logicalType: 'array',
      physicalType: '[Address!]!',
      required: true,
      items: { logicalType: 'object', physicalType: 'Address!', required: true },
    })
    expect(property(orders, 'Order.lines').items).toMatchObject({ logicalType: 'object', physicalType: 'OrderLine!' })
  })

  it('takes classification and masking from the SDL: customers.profiles email is pii masked as email', () => {
    const customers = contractOf('customers.profiles')
    const email = property(customers, 'Customer.email')
    expect(email).toMatchObject({ classification: 'pii', tags: ['pii'] })
    expect(customProperty(email, 'mask')).toBe('email')
    expect(customProperty(property(customers, 'Customer.phone'), 'mask')).toBe('last4')
    expect(customProperty(property(customers, 'Customer.birthDate'), 'mask')).toBe('year')
    expect(property(customers, 'Address.line1')).toMatchObject({ classification: 'pii' })
    expect(customProperty(property(customers, 'Address.line1'), 'mask')).toBe('redact')
    expect(property(customers, 'Customer.name')).toMatchObject({ classification: 'internal' })
    expect(property(customers, 'Customer.country')).toMatchObject({ classification: 'public' })
    expect(customProperty(property(customers, 'Customer.country'), 'mask')).toBeUndefined()
  })

  it('takes access rules from the SDL: catalog.products supplierCost is confidential and requires catalog:cost:read', () => {
    const catalog = contractOf('catalog.products')
    const supplierCost = property(catalog, 'Product.supplierCost')
    expect(supplierCost).toMatchObject({ classification: 'confidential', required: false })
    expect(customProperty(supplierCost, 'requiresScopes')).toEqual([['catalog:cost:read']])
    const customers = contractOf('customers.profiles')
    expect(customProperty(property(customers, 'Customer.segment'), 'policies')).toEqual([['customers.staff-only']])
    const orders = property(customers, 'Customer.orders')
    expect(customProperty(orders, 'authenticated')).toBe(true)
    expect(customProperty(orders, 'domain')).toBe('orders')
    expect(customProperty(orders, 'arguments')).toEqual([
      { name: 'first', type: 'Int', default: 20 },
      { name: 'status', type: 'OrderStatus' },
    ])
    // A key field every domain resolves belongs to the product's own domain: no `domain` there.
    expect(customProperty(property(customers, 'Customer.id'), 'domain')).toBeUndefined()
  })

  it('follows the SDL when it changes, for the classification is written nowhere else', () => {
    const retagged = supergraph.replace(/(email: String! @join__field\(graph: CUSTOMERS\)) @tag\(name: "pii"\) @mask\(strategy: "email"\)/, '$1 @tag(name: "confidential") @requiresScopes(scopes: [["customers:email:read"]])')
    expect(retagged).not.toBe(supergraph)
    const email = property(contractOf('customers.profiles', retagged), 'Customer.email')
    expect(email.classification).toBe('confidential')
    expect(customProperty(email, 'mask')).toBeUndefined()
    expect(customProperty(email, 'requiresScopes')).toEqual([['customers:email:read']])
  })

  it('lists the root fields of the output port with their type, arguments and access rules', () => {
    const rootFields = customProperty(contractOf('orders.orders'), 'rootFields') as { field: string; type: string; authenticated?: boolean }[]
    expect(rootFields.map((root) => root.field)).toEqual(product('orders.orders').outputPort.rootFields)
    expect(rootFields.find((root) => root.field === 'Query.orders')).toMatchObject({ type: 'OrderConnection', authenticated: true })
  })
})

describe('the promises of a contract', () => {
  it('carries every quality rule of the descriptor once, library metrics as library rules and sql rules as sql', () => {
    for (const candidate of products) {
      const quality = qualityOf(contractOf(candidate.id))
      expect(quality.map((rule) => rule.id).sort()).toEqual(candidate.quality.map((rule) => rule.id).sort())
      for (const rule of candidate.quality) {
        const written = quality.find((entry) => entry.id === rule.id)!
        expect(written).toMatchObject({ description: rule.description, severity: rule.severity })
        if (rule.dimension) expect(written.dimension).toBe(rule.dimension)
        if (rule.metric && rule.metric !== 'freshness') {
          expect(written).toMatchObject({ type: 'library', metric: rule.metric })
          if (rule.arguments) expect(written.arguments).toEqual(rule.arguments)
          if (rule.unit) expect(written.unit).toBe(rule.unit)
          if (rule.table) expect(customProperty(written, 'table')).toBe(rule.table)
        }
        if (rule.query) expect(written).toMatchObject({ type: 'sql', query: rule.query })
      }
    }
    const email = property(contractOf('customers.profiles'), 'Customer.email')
    expect(email.quality?.find((rule) => rule.id === 'email-unique')).toMatchObject({ type: 'library', metric: 'duplicateValues', mustBe: 0, severity: 'error', dimension: 'uniqueness' })
    const customer = contractOf('customers.profiles').schema.find((object) => object.name === 'Customer')!
    expect(customer.quality?.find((rule) => rule.id === 'not-empty')).toMatchObject({ type: 'library', metric: 'rowCount', mustBeGreaterThan: 0 })
    expect(customer.quality?.find((rule) => rule.id === 'adults-only')).toMatchObject({ type: 'sql', mustBe: 0 })
  })

  it('expresses freshness, which is no ODCS library metric, as sql comparing the newest value to now, at most maxAge in seconds', () => {
    const inventory = contractOf('fulfillment.inventory')
    const counted = qualityOf(inventory).find((rule) => rule.id === 'counted-recently')
    expect(counted).toMatchObject({
      type: 'sql',
      query: 'select extract(epoch from (now() - max("updated_at")::timestamptz)) from "stock_levels"',
      mustBeLessOrEqualTo: 60 * 86_400,
      unit: 'seconds',
      severity: 'warning',
      dimension: 'timeliness',
    })
    expect(counted?.metric).toBeUndefined()
    expect(customProperty(counted, 'metric')).toBe('freshness')
    expect(customProperty(counted, 'maxAge')).toBe('60d')
    expect(property(inventory, 'StockLevel.updatedAt').quality?.map((rule) => rule.id)).toEqual(['counted-recently'])
  })

  it('refuses a freshness rule that names no column, for there would be nothing to measure', () => {
    const inventory = product('fulfillment.inventory')
    const broken = { ...inventory, quality: [{ id: 'fresh', description: 'fresh', metric: 'freshness' as const, table: 'stock_levels', maxAge: '1d', severity: 'error' as const }] }
    expect(() => toOdcsContract(broken, supergraph, options)).toThrow(ContractError)
  })

  it('has the SLA as ODCS properties with value, unit and element', () => {
    const customers = contractOf('customers.profiles')
    expect(customers.slaProperties).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ property: 'latency', value: 250, unit: 'ms', element: 'Query.customers,Query.customer' }),
        expect.objectContaining({ property: 'frequency', value: 1, unit: 'd', element: 'Customer,Address' }),
        expect.objectContaining({ property: 'availability', value: 99.5, unit: '%' }),
        expect.objectContaining({ property: 'retention', value: 7, unit: 'y' }),
      ]),
    )
    expect(contractOf('fulfillment.inventory').slaProperties).toContainEqual(expect.objectContaining({ property: 'freshness', value: 60, unit: 'd', element: 'StockLevel.updatedAt' }))
    expect(customers.slaProperties.find((sla) => sla.property === 'freshness')).toBeUndefined()
  })

  it('names the team from the owner\'s contacts, the support channel from the product owner, and roles from purposes and scopes', () => {
    const customers = contractOf('customers.profiles')
    expect(customers.team).toEqual({
      name: 'Customer Data',
      description: 'Owns customer identity, contact details and consent.',
      members: [
        { username: 'customer-data@example.com', name: 'Amara Osei', role: 'product owner' },
        { username: 'jonas.weber@example.com', name: 'Jonas Weber', role: 'data steward' },
      ],
    })
    expect(customers.support).toEqual([expect.objectContaining({ channel: 'Customer Data', tool: 'email', url: 'mailto:customer-data@example.com' })])
    const roles = customers.roles.map((role) => role.role)
    expect(roles).toEqual(expect.arrayContaining(['purpose:support', 'purpose:fraud', 'purpose:marketing', 'purpose:analytics', 'authenticated', 'customers:pii:read']))
    expect(customProperty(customers.roles.find((role) => role.role === 'customers:pii:read'), 'coordinates')).toEqual(
      expect.arrayContaining(['Customer.email', 'Customer.phone', 'Customer.birthDate', 'Address.line1', 'Address.line2']),
    )
    const catalog = contractOf('catalog.products')
    expect(customProperty(catalog.roles.find((role) => role.role === 'catalog:cost:read'), 'coordinates')).toEqual(['Product.supplierCost'])
  })

  it('points its api server at the gateway URL it is given', () => {
    const contract = toOdcsContract(product('orders.orders'), supergraph, { gatewayUrl: 'https://mesh.example.com/graphql' })
    expect(contract.servers).toEqual([expect.objectContaining({ server: 'gateway', type: 'api', location: 'https://mesh.example.com/graphql' })])
    expectValid(contract)
    expect(contractOf('orders.orders').servers[0]?.location).toBe('http://localhost:4000/graphql')
  })

  it('keeps the descriptor\'s inputs, lineage and deprecation as custom properties, and a creation time only when asked', () => {
    const profiles = product('customers.profiles')
    const derived: DataProduct = {
      ...profiles,
      status: 'deprecated',
      deprecation: { date: '2026-12-31', replacedBy: 'customers.people' },
      inputs: [{ product: 'orders.orders', version: '^1.0.0' }],
      lineage: { 'Customer.name': ['Order.customer'] },
    }
    const contract = toOdcsContract(derived, supergraph, { ...options, createdAt: new Date('2026-01-02T03:04:05Z') })
    expectValid(contract)
    expect(contract.status).toBe('deprecated')
    expect(customProperty(contract, 'inputs')).toEqual([{ product: 'orders.orders', version: '^1.0.0' }])
    expect(customProperty(contract, 'lineage')).toEqual({ 'Customer.name': ['Order.customer'] })
    expect(customProperty(contract, 'deprecation')).toEqual({ date: '2026-12-31', replacedBy: 'customers.people' })
    expect(contract.contractCreatedTs).toBe('2026-01-02T03:04:05.000Z')
    expect(contractOf('customers.profiles').contractCreatedTs).toBeUndefined()
  })

  it('gives every property a GraphQL type, and every array its items', () => {
    for (const candidate of products) {
      for (const object of contractOf(candidate.id).schema) {
        for (const prop of object.properties) {
          expect(prop.physicalType, `${object.name}.${prop.name}`).toBeTruthy()
          expect(prop.logicalType, `${object.name}.${prop.name}`).toBeTruthy()
          if (prop.logicalType === 'array') expect(prop.items?.physicalType, `${object.name}.${prop.name} items`).toBeTruthy()
        }
      }
    }
  })
})

describe('the freshness query of a contract', () => {
  it('measures, on a real database, the age in seconds of the newest value, as the quality runner does', async () => {
    const database = testDatabase('contract')
    const domain = await openDomainDatabase('contract', database.options)
    try {
      await sql`create table stock_levels (id serial primary key, updated_at timestamptz)`.execute(domain.db)
      await sql`insert into stock_levels (updated_at) values (now() - interval '3 days'), (now() - interval '2 days'), (null)`.execute(domain.db)
      const query = qualityOf(contractOf('fulfillment.inventory')).find((rule) => rule.id === 'counted-recently')!.query!
      const { rows } = await sql.raw<Record<string, unknown>>(query).execute(domain.db)
      const age = Number(Object.values(rows[0] ?? {})[0])
      expect(age).toBeGreaterThanOrEqual(2 * 86_400)
      expect(age).toBeLessThan(2 * 86_400 + 60)
      expect(age).toBeLessThanOrEqual(60 * 86_400) // mustBeLessOrEqualTo: counted recently enough
    } finally {
      await domain.close()
      await database.drop()
    }
  })
})
