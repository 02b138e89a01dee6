// An argument that selects by a governed field reveals what reading the field reveals, so
// it needs what reading the field needs. `customers(filter: { segment: ENTERPRISE })` lists
// customers by a field anonymous callers are denied: three counts would tell every
// customer's segment. The gateway refuses such a request whole, before any domain is asked.
import { definePolicy, mask, readAuditEvents, type GovernanceDatabase } from '@datamesh/governance'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { delta, startTestMesh, type TestMesh } from '../src/testing.js'
import { ANALYST, domains, policies } from './mesh.js'

let mesh: TestMesh
const SEGMENT_FILTER = '{ customers(filter: { segment: ENTERPRISE }) { totalCount edges { node { id name } } } }'

beforeAll(async () => {
  mesh = await startTestMesh(domains, { policies })
})
afterAll(() => mesh?.stop())

async function forbidden(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const fetches = mesh.fetches()
  const result = await mesh.query(query, variables, headers)
  expect(result.status).toBe(403)
  expect(result.data).toBeUndefined()
  expect(delta(mesh.fetches(), fetches)).toEqual({ customers: 0, catalog: 0, orders: 0, fulfillment: 0 })
  return result.errors as any[]
}

describe('a filter on a governed field', () => {
  it('is FORBIDDEN to an anonymous caller, as the field itself is, and nothing runs', async () => {
    const [error, ...rest] = await forbidden(SEGMENT_FILTER)
    expect(rest).toEqual([])
    expect(error).toEqual({
      message: 'Query.customers(filter.segment:) tests Customer.segment, which is forbidden to this subject (@policy customers.staff-only): staff information needs an authenticated subject',
      extensions: {
        code: 'FORBIDDEN',
        argument: 'Query.customers(filter.segment:)',
        coordinate: 'Customer.segment',
        directive: '@policy',
        policy: 'customers.staff-only',
        reason: 'staff information needs an authenticated subject',
      },
    })
  })

  it('cannot be counted out: no segment filter answers anonymously, however it is written', async () => {
    for (const segment of ['CONSUMER', 'SMALL_BUSINESS', 'ENTERPRISE']) {
      await forbidden(`{ customers(filter: { segment: ${segment} }) { totalCount } }`)
      await forbidden('query($f: CustomerFilter) { customers(filter: $f) { totalCount } }', { f: { segment } })
      await forbidden('query($s: CustomerSegment) { customers(filter: { segment: $s }) { totalCount } }', { s: segment })
      await forbidden(`query { ...Count } fragment Count on Query { c: customers(filter: { country: "DE", segment: ${segment} }) { totalCount } }`)
    }
  })

  it('runs when the request does not give it: other filters, a null, an unused variable, a skipped field', async () => {
    const country = await mesh.query('{ customers(filter: { country: "DE" }) { totalCount } }')
    expect(country.status).toBe(200)
    expect(country.data.customers.totalCount).toBeGreaterThan(0)
    const withNull = await mesh.query('query($f: CustomerFilter) { customers(filter: $f) { totalCount } }', { f: { country: 'DE', segment: null } })
    expect(withNull.data.customers.totalCount).toBe(country.data.customers.totalCount)
    const noVariable = await mesh.query('query($s: CustomerSegment) { customers(filter: { segment: $s }) { totalCount } }')
    expect(noVariable.status).toBe(200)
    const skipped = await mesh.query('query($show: Boolean!) { customers(filter: { segment: ENTERPRISE }) @include(if: $show) { totalCount } product(id: "1") { name } }', { show: false })
    expect(skipped.status).toBe(200)
    expect(skipped.data.product.name).toBeTruthy()
  })

  it('is allowed to a subject who may read the field, and selects what the field says', async () => {
    const headers = await mesh.as(ANALYST)
    const result = await mesh.query('{ customers(first: 100, filter: { segment: ENTERPRISE }) { totalCount edges { node { segment } } } }', {}, headers)
    expect(result.status).toBe(200)
    expect(result.errors).toBeUndefined()
    expect(result.data.customers.totalCount).toBeGreaterThan(0)
    expect(new Set(result.data.customers.edges.map((edge: any) => edge.node.segment))).toEqual(new Set(['ENTERPRISE']))
  })

  it('is FORBIDDEN to a customer, whom the same policy denies the field', async () => {
    const [error] = await forbidden(SEGMENT_FILTER, {}, await mesh.as({ sub: '7', roles: ['customer'] }))
    expect(error.extensions.reason).toBe('staff information is not shown to customers')
  })

  it('is recorded in the audit trail as a rejected request naming the field the argument tests', async () => {
    await forbidden(SEGMENT_FILTER, {}, { 'user-agent': 'argument-test' })
    await mesh.gateway.flushAudit()
    const db = mesh.gateway.auditStore!.db as Kysely<GovernanceDatabase>
    const [event] = await readAuditEvents(db, { since: new Date(Date.now() - 60_000), limit: 1 })
    expect(event!.outcome).toBe('rejected')
    expect(event!.fields).toContainEqual(
      expect.objectContaining({ coordinate: 'Customer.segment', effect: 'deny', policy: 'customers.staff-only', reason: expect.stringMatching(/^Query\.customers\(filter\.segment:\) tests it/) }),
    )
  })
})

describe('a filter on a field the subject sees masked', () => {
  let masking: TestMesh

  beforeAll(async () => {
    // The same domains, with a customers.staff-only policy that masks the segment instead of denying it.
    const maskSegment = definePolicy({ name: 'customers.staff-only', description: 'masks the segment for everyone (test)', evaluate: () => mask('segments are masked here') })
    masking = await startTestMesh(domains, { policies: [...policies.filter((policy) => policy.name !== 'customers.staff-only'), maskSegment] })
  })
  afterAll(() => masking?.stop())

  it('is FORBIDDEN too: filtering would reveal the raw value the mask hides', async () => {
    const result = await masking.query(SEGMENT_FILTER, {}, await masking.as(ANALYST))
    expect(result.status).toBe(403)
    expect(result.errors[0].message).toBe(
      'Query.customers(filter.segment:) tests Customer.segment, which this subject sees only masked (@policy customers.staff-only): segments are masked here',
    )
    const unfiltered = await masking.query('{ customers(first: 1) { edges { node { segment } } } }', {}, await masking.as(ANALYST))
    expect(unfiltered.status).toBe(200)
    expect(unfiltered.extensions.governance.masked[0]).toMatchObject({ coordinate: 'Customer.segment' })
  })
})

describe('arguments elsewhere in the graph', () => {
  it('govern nested fields, and go with a field that is cut', async () => {
    const analyst = await mesh.as(ANALYST)
    const nested = await mesh.query('{ customer(id: "1") { orders(first: 2, status: DELIVERED) { status } } }', {}, analyst)
    expect(nested.status).toBe(200)
    const anonymous = await mesh.query('{ customer(id: "1") { name orders(first: 2, status: DELIVERED) { status } } }')
    // Customer.orders itself is denied to anonymous callers: the field is cut, its argument goes with it.
    expect(anonymous.status).toBe(200)
    expect(anonymous.data.customer.orders).toBeNull()
    expect(anonymous.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', coordinate: 'Customer.orders' })
  })
})
