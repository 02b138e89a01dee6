// When `datamesh contract check` lets an intended breaking change pass: every product it
// breaks bumps its major version, and what it takes away was deprecated, with a date, in
// the base. Each case is the real comparison of two states of the committed mesh.
import { describe, expect, it } from 'vitest'
import { compareStates, findBreakingChanges, isMajorBump, type DataProduct, type MeshState } from '../src/index.js'
import { base, editField, products, retype, rules, state, supergraph, withDirectives } from './contract-fixtures.js'

/** The products with new versions: `{ 'customers.profiles': '2.0.0' }`. */
function versioned(versions: Readonly<Record<string, string>>, of: readonly DataProduct[] = products): DataProduct[] {
  return of.map((product) => (versions[product.id] ? { ...product, version: versions[product.id] as string } : product))
}

const removeCountry = editField(supergraph, 'Customer', 'country', () => null)
const deprecated = (reason: string) => state(editField(supergraph, 'Customer', 'country', withDirectives(`@deprecated(reason: "${reason}")`)))
const datedBase = deprecated('use addresses; removed after 2026-06-30')

/** The breaking changes and how each was judged. */
async function judged(from: MeshState, to: MeshState): Promise<{ change: string; accepted: boolean | undefined; reason: string | undefined }[]> {
  return (await compareStates(from, to))
    .filter((change) => change.breaking)
    .map((change) => ({ change: `${change.rule} ${change.where}`, accepted: change.acceptance?.accepted, reason: change.acceptance?.reason }))
}

describe('a major version bump', () => {
  it.each([
    ['1.2.0', '2.0.0', true],
    ['1.2.0', '3.1.4', true],
    ['0.3.1', '0.4.0', true],
    ['0.3.1', '1.0.0', true],
    ['1.2.0', '1.3.0', false],
    ['1.2.0', '1.2.0', false],
    ['2.0.0', '1.9.9', false],
    ['0.3.1', '0.3.2', false],
    ['1.2.0', 'two', false],
  ])('from %s to %s is %s', (from, to, expected) => {
    expect(isMajorBump(from, to)).toBe(expected)
  })
})

describe('accepting an intended breaking change', () => {
  it('accepts a field removed after a dated deprecation when its product bumps its major version, and says why', async () => {
    const head = state(removeCountry, versioned({ 'customers.profiles': '2.0.0' }))
    expect(await findBreakingChanges(datedBase, head)).toEqual([])
    const reason = 'customers.profiles 1.2.0 → 2.0.0; Customer.country was deprecated: "use addresses; removed after 2026-06-30"'
    expect(await judged(datedBase, head)).toEqual([
      { change: 'FIELD_REMOVED Customer.country', accepted: true, reason },
      { change: 'property-removed customers.profiles Customer.country', accepted: true, reason },
    ])
  })

  it('refuses the removal without a major bump, saying what is missing', async () => {
    for (const version of ['1.2.0', '1.3.0']) {
      const head = state(removeCountry, versioned({ 'customers.profiles': version }))
      expect(rules(await findBreakingChanges(datedBase, head))).toEqual(['FIELD_REMOVED Customer.country', 'property-removed customers.profiles Customer.country'])
    }
    expect((await judged(datedBase, state(removeCountry)))[0]?.reason).toBe('customers.profiles needs a major version bump (it is still 1.2.0)')
    expect((await judged(datedBase, state(removeCountry, versioned({ 'customers.profiles': '1.3.0' }))))[0]?.reason).toBe('customers.profiles needs a major version bump (it is 1.2.0 → 1.3.0)')
  })

  it('refuses the removal with a major bump when the base had not deprecated the field', async () => {
    const head = state(removeCountry, versioned({ 'customers.profiles': '2.0.0' }))
    expect(rules(await findBreakingChanges(base, head))).toEqual(['FIELD_REMOVED Customer.country', 'property-removed customers.profiles Customer.country'])
    expect((await judged(base, head))[0]?.reason).toBe('Customer.country must first be @deprecated, with a date in the reason, before it is removed or retyped')
  })

  it('refuses the removal with a major bump when the deprecation gave no date', async () => {
    const head = state(removeCountry, versioned({ 'customers.profiles': '2.0.0' }))
    const undatedBase = deprecated('use addresses')
    expect(rules(await findBreakingChanges(undatedBase, head))).toHaveLength(2)
    expect((await judged(undatedBase, head))[1]?.reason).toBe('Customer.country was @deprecated without a date in the reason ("use addresses")')
  })

  it('refuses the removal when another product bumps its version instead of the one it breaks', async () => {
    const head = state(removeCountry, versioned({ 'orders.orders': '2.0.0' }))
    expect(rules(await findBreakingChanges(datedBase, head))).toEqual(['FIELD_REMOVED Customer.country', 'property-removed customers.profiles Customer.country'])
  })

  it('accepts a retyped field on the same terms', async () => {
    const datedTotal = state(editField(supergraph, 'Order', 'total', withDirectives('@deprecated(reason: "becomes cents (Int) on 2026-09-01")')))
    const retyped = editField(supergraph, 'Order', 'total', retype('Int!'))
    expect(rules(await findBreakingChanges(datedTotal, state(retyped)))).toEqual(['FIELD_TYPE_CHANGED Order.total', 'property-retyped orders.orders Order.total'])
    expect(await findBreakingChanges(datedTotal, state(retyped, versioned({ 'orders.orders': '2.0.0' })))).toEqual([])
  })

  it('accepts tighter governance with a major bump alone: nothing was taken away', async () => {
    const tighter = editField(supergraph, 'Customer', 'country', withDirectives('@tag(name: "pii") @mask(strategy: "redact") @requiresScopes(scopes: [["customers:pii:read"]])'))
    expect(rules(await findBreakingChanges(base, state(tighter)))).toHaveLength(3)
    expect(await findBreakingChanges(base, state(tighter, versioned({ 'customers.profiles': '2.0.0' })))).toEqual([])
  })

  it('asks every product that publishes a shared type to bump: RefreshRun is in two', async () => {
    const datedRun = state(editField(supergraph, 'RefreshRun', 'startedAt', withDirectives('@deprecated(reason: "use asOf; removed after 2026-06-30")')))
    const removed = editField(supergraph, 'RefreshRun', 'startedAt', () => null)
    const one = state(removed, versioned({ 'analytics.customer-features': '2.0.0' }))
    const refused = (await judged(datedRun, one)).find((change) => change.change === 'FIELD_REMOVED RefreshRun.startedAt')
    expect(refused).toMatchObject({ accepted: false, reason: expect.stringMatching(/^analytics\.product-demand needs a major version bump/) })
    const both = state(removed, versioned({ 'analytics.customer-features': '2.0.0', 'analytics.product-demand': '2.0.0' }))
    expect(await findBreakingChanges(datedRun, both)).toEqual([])
  })

  it('finds the products of a type no output port names through the fields that hand it out', async () => {
    const datedEdge = state(editField(supergraph, 'OrderEdge', 'cursor', withDirectives('@deprecated(reason: "use pageInfo; removed after 2026-06-30")')))
    const removed = editField(supergraph, 'OrderEdge', 'cursor', () => null)
    expect(await judged(datedEdge, state(removed))).toEqual([{ change: 'FIELD_REMOVED OrderEdge.cursor', accepted: false, reason: 'orders.orders needs a major version bump (it is still 1.4.0)' }])
    expect(await findBreakingChanges(datedEdge, state(removed, versioned({ 'orders.orders': '2.0.0' })))).toEqual([])
  })

  it('accepts a removed product only when the base had deprecated it with a date', async () => {
    const without = state(supergraph, products.filter((product) => product.id !== 'orders.orders'))
    expect(rules(await findBreakingChanges(base, without))).toEqual(['product-removed orders.orders'])
    const retiring = state(
      supergraph,
      products.map((product) => (product.id === 'orders.orders' ? { ...product, status: 'deprecated' as const, deprecation: { date: '2026-06-30' } } : product)),
    )
    expect(await judged(retiring, without)).toEqual([{ change: 'product-removed orders.orders', accepted: true, reason: 'orders.orders was deprecated since 2026-06-30' }])
  })

  it('never accepts a deprecation without a date, whatever the version', async () => {
    const undated = state(editField(supergraph, 'Customer', 'name', withDirectives('@deprecated(reason: "use fullName")')), versioned({ 'customers.profiles': '2.0.0' }))
    expect(rules(await findBreakingChanges(base, undated))).toEqual(['deprecation-date Customer.name'])
  })
})
