// What `datamesh contract check` refuses, decided by the pure comparison of two states of the
// mesh: the committed supergraph and contracts, and the same after one edit of the SDL or of
// the descriptors.
import { Kind, parseType, type InputValueDefinitionNode } from 'graphql'
import { describe, expect, it } from 'vitest'
import { compareStates, findBreakingChanges, type MeshState } from '../src/index.js'
import { base, editField, products, retype, rules, state, supergraph, withDirectives } from './contract-fixtures.js'

describe('datamesh contract check (the comparison)', () => {
  it('finds nothing when nothing changed', async () => {
    expect(await compareStates(base, state(supergraph))).toEqual([])
  })

  it('catches a removed field, in the API schema and in the contract of its product', async () => {
    const head = state(editField(supergraph, 'Customer', 'country', () => null))
    const breaking = await findBreakingChanges(base, head)
    expect(rules(breaking)).toEqual(['FIELD_REMOVED Customer.country', 'property-removed customers.profiles Customer.country'])
    expect(breaking[0]).toMatchObject({ source: 'schema', breaking: true, message: "Field 'country' was removed from object type 'Customer'" })
    expect(breaking[1]).toMatchObject({ source: 'contract', message: 'customers.profiles: Customer.country was removed' })
  })

  it('catches a retyped field', async () => {
    const head = state(editField(supergraph, 'Order', 'total', retype('Int!')))
    const breaking = await findBreakingChanges(base, head)
    expect(rules(breaking)).toEqual(['FIELD_TYPE_CHANGED Order.total', 'property-retyped orders.orders Order.total'])
    expect(breaking[1]?.message).toBe('orders.orders: Order.total changed type from Float! (number) to Int! (integer)')
  })

  it('lets an output field become nullable (governance may null it) but reports it', async () => {
    const head = state(editField(supergraph, 'Customer', 'country', retype('String')))
    expect(await findBreakingChanges(base, head)).toEqual([])
    const notes = await compareStates(base, head)
    expect(rules(notes)).toEqual(['FIELD_TYPE_CHANGED Customer.country', 'property-optional customers.profiles Customer.country'])
    expect(notes.every((change) => !change.breaking)).toBe(true)
  })

  it('refuses an argument made required', async () => {
    const head = state(
      editField(supergraph, 'Query', 'customers', (field) => ({
        ...field,
        arguments: field.arguments?.map((arg): InputValueDefinitionNode => (arg.name.value === 'first' ? { ...arg, type: parseType('Int!') as InputValueDefinitionNode['type'], defaultValue: undefined } : arg)),
      })),
    )
    const breaking = await findBreakingChanges(base, head)
    expect(rules(breaking)).toEqual(['FIELD_ARGUMENT_TYPE_CHANGED Query.customers.first'])
    expect(breaking[0]?.message).toMatch(/'first'.*'Int'.*'Int!'/)
  })

  it('refuses a new required argument', async () => {
    const head = state(
      editField(supergraph, 'Query', 'orders', (field) => ({
        ...field,
        arguments: [...(field.arguments ?? []), { kind: Kind.INPUT_VALUE_DEFINITION, name: { kind: Kind.NAME, value: 'region' }, type: parseType('String!') as InputValueDefinitionNode['type'] }],
      })),
    )
    expect(rules(await findBreakingChanges(base, head))).toEqual(['FIELD_ARGUMENT_ADDED Query.orders.region'])
  })

  it('refuses a contract property that became required', async () => {
    const head = state(editField(supergraph, 'Customer', 'phone', retype('String!')))
    // For GraphQL clients a field that is never null any more is safe; the contract's promise changed.
    expect(rules(await findBreakingChanges(base, head))).toEqual(['property-required customers.profiles Customer.phone'])
  })

  it('refuses a removed product', async () => {
    const head = state(supergraph, products.filter((product) => product.id !== 'orders.orders'))
    const breaking = await findBreakingChanges(base, head)
    expect(rules(breaking)).toEqual(['product-removed orders.orders'])
    expect(breaking[0]?.message).toBe('data product orders.orders was removed: its consumers lose their contract')
  })

  it('refuses a type or a root field taken out of a product\'s output port', async () => {
    const customers = products.find((product) => product.id === 'customers.profiles')!
    const narrower = { ...customers, outputPort: { types: ['Customer'], rootFields: ['Query.customers'] } }
    const head = state(supergraph, products.map((product) => (product === customers ? narrower : product)))
    expect(rules(await findBreakingChanges(base, head))).toEqual(['object-removed customers.profiles Address', 'root-field-removed customers.profiles Query.customer'])
  })

  it('refuses tighter governance: a field newly classified pii, masked and behind a scope', async () => {
    const head = state(editField(supergraph, 'Customer', 'country', withDirectives('@tag(name: "pii") @mask(strategy: "redact") @requiresScopes(scopes: [["customers:pii:read"]])')))
    expect(rules(await findBreakingChanges(base, head))).toEqual([
      'classification-stricter customers.profiles Customer.country',
      'access-tightened customers.profiles Customer.country',
      'access-tightened customers.profiles Customer.country',
    ])
  })

  it('refuses a @deprecated field whose reason carries no date, and accepts one that does', async () => {
    const undated = state(editField(supergraph, 'Customer', 'name', withDirectives('@deprecated(reason: "use fullName")')))
    const breaking = await findBreakingChanges(base, undated)
    expect(rules(breaking)).toEqual(['deprecation-date Customer.name'])
    expect(breaking[0]?.message).toBe('Customer.name is @deprecated without a date (YYYY-MM-DD) in its reason: "use fullName"')
    const dated = state(editField(supergraph, 'Customer', 'name', withDirectives('@deprecated(reason: "use fullName; removed after 2026-12-31")')))
    expect(await findBreakingChanges(base, dated)).toEqual([])
  })

  it('refuses a deprecated product without a deprecation date', async () => {
    const head: MeshState = { ...base, products: products.map((product) => (product.id === 'orders.orders' ? { ...product, status: 'deprecated' as const } : product)) }
    expect(rules(await findBreakingChanges(base, head))).toEqual(['deprecation-date orders.orders'])
  })

  it('compares contracts alone when a state has no supergraph, and nothing when the base has no contracts yet', async () => {
    const head = state(editField(supergraph, 'Customer', 'country', () => null))
    expect(rules(await findBreakingChanges({ contracts: base.contracts }, { contracts: head.contracts }))).toEqual(['property-removed customers.profiles Customer.country'])
    expect(await findBreakingChanges({ contracts: [] }, { contracts: head.contracts })).toEqual([])
  })
})
