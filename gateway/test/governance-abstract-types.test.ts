// Governance through interfaces and unions, against the real gateway: a field of one
// implementation selected through a fragment is decided for that implementation only,
// cut from what the subgraph receives, and reported once per selection; interface fields
// are masked on every object; narrowed selections keep their precision through named
// fragments, aliases, repeated fields, @include/@skip and selection sets left empty.
import customers, { policies } from '@datamesh/customers'
import type { GraphQLResult } from '@datamesh/kit/testing'
import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestMesh, type TestMesh } from '../src/testing.js'
import { directory } from './fixtures/directory-domain.js'

/** Authenticated, no scopes, no purpose. */
const ANALYST = { sub: 'ana', roles: ['analyst'] }
/** Every directory scope, and approved for the purpose `support`. */
const PAYROLL = {
  sub: 'pat',
  roles: ['hr'],
  scopes: ['directory:salary:read', 'directory:rates:read', 'directory:pii:read'],
  purposes: ['support'],
}
/** Salaries, but not day rates. */
const SALARIES_ONLY = { sub: 'sal', roles: ['hr'], scopes: ['directory:salary:read'] }

/** The key testing.ts gives the test gateway for the `hash` strategy. */
const TEST_MASK_KEY = 'test-mask-key-test-mask-key-test-mask-key'
const pseudonym = (value: string) => createHmac('sha256', TEST_MASK_KEY).update(value).digest('base64url').slice(0, 22)

const NAMES = ['Jane Doe', 'Carl Smith', 'Omar Haddad', 'Lena Berg', 'Mia Rossi']
const RAW_EMAILS = ['jane.doe@example.com', 'carl@agency.example', 'omar.haddad@example.com', null, 'mia@freelance.example']
const MASKED_EMAILS = ['j***@example.com', 'c***@agency.example', 'o***@example.com', null, 'm***@freelance.example']

function forbidden(coordinate: string, scope: string, path: readonly (string | number)[]) {
  const reason = `${coordinate} needs scope ${scope}`
  return {
    message: `${coordinate} is forbidden (@requiresScopes): ${reason}`,
    path,
    extensions: { code: 'FORBIDDEN', coordinate, directive: '@requiresScopes', reason },
  }
}
const salaryDenied = (...path: (string | number)[]) => forbidden('Employee.salary', 'directory:salary:read', path)
const dayRateDenied = (...path: (string | number)[]) => forbidden('Contractor.dayRate', 'directory:rates:read', path)

let mesh: TestMesh
const headers: Record<'analyst' | 'payroll' | 'payrollForSupport' | 'salariesOnly', Record<string, string>> = {
  analyst: {},
  payroll: {},
  payrollForSupport: {},
  salariesOnly: {},
}

beforeAll(async () => {
  mesh = await startTestMesh([directory, customers], { policies })
  headers.analyst = await mesh.as(ANALYST)
  headers.payroll = await mesh.as(PAYROLL)
  headers.payrollForSupport = await mesh.as(PAYROLL, 'support')
  headers.salariesOnly = await mesh.as(SALARIES_ONLY)
})
afterAll(() => mesh?.stop())

interface Run {
  readonly result: GraphQLResult & { status: number }
  /** The query text of every operation the directory subgraph received for this request. */
  readonly received: string[]
}

/** Queries the gateway as `who`, recording what the directory subgraph received; the helper `__dm_t` never reaches a client. */
async function run(who: keyof typeof headers, query: string, variables: Record<string, unknown> = {}): Promise<Run> {
  const subgraph = mesh.subgraphs.directory
  if (!subgraph) throw new Error('the directory subgraph is not running')
  const received: string[] = []
  const unwatch = subgraph.operations.watch((operation) => received.push(operation.query))
  try {
    const result = await mesh.query(query, variables, headers[who])
    expect(result.status).toBe(200)
    expect(JSON.stringify(result)).not.toContain('__dm_t')
    return { result, received }
  } finally {
    unwatch()
  }
}

describe('a field of an implementation, selected through an interface', () => {
  const QUERY = '{ people { name ... on Employee { salary } } }'

  it('is null with one FORBIDDEN error on Employee objects only, and never sent to the subgraph', async () => {
    const { result, received } = await run('analyst', QUERY)
    expect(result.data).toStrictEqual({
      people: [
        { name: 'Jane Doe', salary: null },
        { name: 'Carl Smith' },
        { name: 'Omar Haddad', salary: null },
        { name: 'Lena Berg', salary: null },
        { name: 'Mia Rossi' },
      ],
    })
    expect(result.errors).toStrictEqual([salaryDenied('people', 0, 'salary')])
    expect(result.extensions).toStrictEqual({ governance: { denied: ['Employee.salary'] } })
    expect(received).toHaveLength(1)
    expect(received[0]).not.toMatch(/salary/)
  })

  it('is returned, and asked of the subgraph, for a subject with the scope', async () => {
    const { result, received } = await run('payroll', QUERY)
    expect(result.data).toStrictEqual({
      people: [
        { name: 'Jane Doe', salary: 72000 },
        { name: 'Carl Smith' },
        { name: 'Omar Haddad', salary: 81500.5 },
        { name: 'Lena Berg', salary: 58000 },
        { name: 'Mia Rossi' },
      ],
    })
    expect(result.errors).toBeUndefined()
    expect(result.extensions).toBeUndefined()
    expect(received).toHaveLength(1)
    expect(received[0]).toMatch(/\bsalary\b/)
  })

  it('raises no error when the response holds no Employee, and one when it does', async () => {
    const query = 'query($id: ID!) { person(id: $id) { name ... on Employee { salary } ... on Contractor { agency } } }'
    const contractor = await run('analyst', query, { id: '2' })
    expect(contractor.result.data).toStrictEqual({ person: { name: 'Carl Smith', agency: 'Acme Staffing' } })
    expect(contractor.result.errors).toBeUndefined()
    expect(contractor.result.extensions).toBeUndefined()
    expect(contractor.received[0]).not.toMatch(/salary/)

    const employee = await run('analyst', query, { id: '3' })
    expect(employee.result.data).toStrictEqual({ person: { name: 'Omar Haddad', salary: null } })
    expect(employee.result.errors).toStrictEqual([salaryDenied('person', 'salary')])
  })

  it('keeps the __typename the client selected', async () => {
    const { result } = await run('analyst', '{ people { __typename id ... on Employee { salary } } }')
    expect(result.data).toStrictEqual({
      people: [
        { __typename: 'Employee', id: '1', salary: null },
        { __typename: 'Contractor', id: '2' },
        { __typename: 'Employee', id: '3', salary: null },
        { __typename: 'Employee', id: '4', salary: null },
        { __typename: 'Contractor', id: '5' },
      ],
    })
    expect(result.errors).toStrictEqual([salaryDenied('people', 0, 'salary')])
  })
})

describe('fields of union members', () => {
  it('are denied per member through inline fragments, one error per selection', async () => {
    const query = '{ parties { ... on Employee { salary } ... on Contractor { dayRate agency } } }'
    const denied = await run('analyst', query)
    expect(denied.result.data).toStrictEqual({
      parties: [
        { salary: null },
        { dayRate: null, agency: 'Acme Staffing' },
        { salary: null },
        { salary: null },
        { dayRate: null, agency: 'Freelance Hub' },
      ],
    })
    expect(denied.result.errors).toStrictEqual([salaryDenied('parties', 0, 'salary'), dayRateDenied('parties', 1, 'dayRate')])
    expect(denied.result.extensions).toStrictEqual({ governance: { denied: ['Employee.salary', 'Contractor.dayRate'] } })
    expect(denied.received).toHaveLength(1)
    expect(denied.received[0]).not.toMatch(/salary|dayRate/)
    expect(denied.received[0]).toMatch(/\bagency\b/)

    const allowed = await run('payroll', query)
    expect(allowed.result.data).toStrictEqual({
      parties: [
        { salary: 72000 },
        { dayRate: 650, agency: 'Acme Staffing' },
        { salary: 81500.5 },
        { salary: 58000 },
        { dayRate: 720, agency: 'Freelance Hub' },
      ],
    })
    expect(allowed.result.errors).toBeUndefined()
    expect(allowed.received[0]).toMatch(/\bsalary\b/)
    expect(allowed.received[0]).toMatch(/\bdayRate\b/)
  })

  it('are denied per member through named fragments', async () => {
    const query = `query Pay { parties { ...EmployeePay ...ContractorPay } }
      fragment EmployeePay on Employee { name salary }
      fragment ContractorPay on Contractor { name dayRate }`
    const denied = await run('analyst', query)
    expect(denied.result.data).toStrictEqual({
      parties: [
        { name: 'Jane Doe', salary: null },
        { name: 'Carl Smith', dayRate: null },
        { name: 'Omar Haddad', salary: null },
        { name: 'Lena Berg', salary: null },
        { name: 'Mia Rossi', dayRate: null },
      ],
    })
    expect(denied.result.errors).toStrictEqual([salaryDenied('parties', 0, 'salary'), dayRateDenied('parties', 1, 'dayRate')])
    expect(denied.received[0]).not.toMatch(/salary|dayRate/)

    const partly = await run('salariesOnly', query)
    expect(partly.result.data).toStrictEqual({
      parties: [
        { name: 'Jane Doe', salary: 72000 },
        { name: 'Carl Smith', dayRate: null },
        { name: 'Omar Haddad', salary: 81500.5 },
        { name: 'Lena Berg', salary: 58000 },
        { name: 'Mia Rossi', dayRate: null },
      ],
    })
    expect(partly.result.errors).toStrictEqual([dayRateDenied('parties', 1, 'dayRate')])
    expect(partly.received[0]).toMatch(/\bsalary\b/)
    expect(partly.received[0]).not.toMatch(/dayRate/)
  })

  it('are decided per member when aliases give them the same response key', async () => {
    const query = '{ parties { ... on Employee { pay: salary contact: email } ... on Contractor { pay: dayRate contact: agency } } }'
    const denied = await run('analyst', query)
    expect(denied.result.data).toStrictEqual({
      parties: [
        { pay: null, contact: 'j***@example.com' },
        { pay: null, contact: 'Acme Staffing' },
        { pay: null, contact: 'o***@example.com' },
        { pay: null, contact: null },
        { pay: null, contact: 'Freelance Hub' },
      ],
    })
    expect(denied.result.errors).toStrictEqual([salaryDenied('parties', 0, 'pay'), dayRateDenied('parties', 1, 'pay')])
    expect(denied.result.extensions).toStrictEqual({
      governance: {
        masked: [{ path: 'parties.@.contact', coordinate: 'Employee.email', strategy: 'email' }],
        denied: ['Employee.salary', 'Contractor.dayRate'],
      },
    })
    expect(denied.received[0]).not.toMatch(/salary|dayRate/)

    const partly = await run('salariesOnly', query)
    expect(partly.result.data).toStrictEqual({
      parties: [
        { pay: 72000, contact: 'j***@example.com' },
        { pay: null, contact: 'Acme Staffing' },
        { pay: 81500.5, contact: 'o***@example.com' },
        { pay: 58000, contact: null },
        { pay: null, contact: 'Freelance Hub' },
      ],
    })
    expect(partly.result.errors).toStrictEqual([dayRateDenied('parties', 1, 'pay')])
  })

  it('leave a selection set that became empty executable, with the objects otherwise empty', async () => {
    const denied = await run('analyst', '{ parties { ... on Employee { salary } } }')
    expect(denied.result.data).toStrictEqual({ parties: [{ salary: null }, {}, { salary: null }, { salary: null }, {}] })
    expect(denied.result.errors).toStrictEqual([salaryDenied('parties', 0, 'salary')])
    expect(denied.received).toHaveLength(1)
    expect(denied.received[0]).not.toMatch(/salary/)

    const one = await run('analyst', '{ person(id: "2") { ... on Employee { salary } } }')
    expect(one.result.data).toStrictEqual({ person: {} })
    expect(one.result.errors).toBeUndefined()
  })
})

describe('an interface field with personal data', () => {
  it('is masked on every object and listed as masked', async () => {
    const { result, received } = await run('analyst', '{ people { email } }')
    expect(result.data).toStrictEqual({ people: MASKED_EMAILS.map((email) => ({ email })) })
    expect(result.errors).toBeUndefined()
    expect(result.extensions).toStrictEqual({ governance: { masked: [{ path: 'people.@.email', coordinate: 'Person.email', strategy: 'email' }] } })
    expect(received[0]).toMatch(/\bemail\b/)
  })

  it('is masked through an interface fragment on a union', async () => {
    const { result } = await run('analyst', '{ parties { ... on Person { name email } } }')
    expect(result.data).toStrictEqual({ parties: NAMES.map((name, index) => ({ name, email: MASKED_EMAILS[index] })) })
    expect(result.extensions).toStrictEqual({ governance: { masked: [{ path: 'parties.@.email', coordinate: 'Person.email', strategy: 'email' }] } })
  })

  it('is raw only with directory:pii:read and the purpose support', async () => {
    const withoutPurpose = await run('payroll', '{ people { email } }')
    expect(withoutPurpose.result.data).toStrictEqual({ people: MASKED_EMAILS.map((email) => ({ email })) })
    expect(withoutPurpose.result.extensions).toStrictEqual({ governance: { masked: [{ path: 'people.@.email', coordinate: 'Person.email', strategy: 'email' }] } })

    const forSupport = await run('payrollForSupport', '{ people { email } }')
    expect(forSupport.result.data).toStrictEqual({ people: RAW_EMAILS.map((email) => ({ email })) })
    expect(forSupport.result.errors).toBeUndefined()
    expect(forSupport.result.extensions).toBeUndefined()
  })

  it("is governed by its own domain's scope, next to another domain's personal data", async () => {
    const query = '{ people { email } customer(id: "1") { email } }'
    const raw = await mesh.query(query, {}, await mesh.as({ ...PAYROLL, scopes: [...PAYROLL.scopes, 'customers:pii:read'] }, 'support'))
    const customerEmail = raw.data.customer.email as string
    expect(customerEmail).toMatch(/^.+@.+$/)
    const { result } = await run('payrollForSupport', query)
    expect(result.data).toStrictEqual({
      people: RAW_EMAILS.map((email) => ({ email })),
      customer: { email: `${customerEmail[0]}***${customerEmail.slice(customerEmail.lastIndexOf('@'))}` },
    })
    expect(result.extensions).toStrictEqual({ governance: { masked: [{ path: 'customer.email', coordinate: 'Customer.email', strategy: 'email' }] } })
  })
})

describe('a field selected more than once', () => {
  const BADGES = [pseudonym('B-1001'), undefined, pseudonym('B-1003'), pseudonym('B-1004'), undefined]
  const badges = (people: { badge?: string }[]) => people.map((person) => person.badge)

  it('is pseudonymised once, whatever the fragments that select it', async () => {
    const once = await run('analyst', '{ people { ... on Employee { badge } } }')
    expect(badges(once.result.data.people)).toStrictEqual(BADGES)
    expect(once.result.extensions).toStrictEqual({ governance: { masked: [{ path: 'people.@.badge', coordinate: 'Employee.badge', strategy: 'hash' }] } })

    const overlapping = await run(
      'analyst',
      `{ people { ...Card ...Badge } }
      fragment Card on Employee { name badge }
      fragment Badge on Person { ... on Employee { badge } }`,
    )
    expect(overlapping.result.data.people).toStrictEqual([
      { name: 'Jane Doe', badge: BADGES[0] },
      {},
      { name: 'Omar Haddad', badge: BADGES[2] },
      { name: 'Lena Berg', badge: BADGES[3] },
      {},
    ])
    expect(overlapping.result.extensions).toStrictEqual(once.result.extensions)

    const raw = await run('payrollForSupport', '{ people { ... on Employee { badge } ... on Employee { badge } } }')
    expect(badges(raw.result.data.people)).toStrictEqual(['B-1001', undefined, 'B-1003', 'B-1004', undefined])
  })

  it('keeps its narrowed rules when the same list is selected again', async () => {
    const masked = await run('analyst', '{ people { email } people { ... on Employee { work: email } } }')
    expect(masked.result.data).toStrictEqual({
      people: [
        { email: 'j***@example.com', work: 'j***@example.com' },
        { email: 'c***@agency.example' },
        { email: 'o***@example.com', work: 'o***@example.com' },
        { email: null, work: null },
        { email: 'm***@freelance.example' },
      ],
    })

    const denied = await run('analyst', '{ people { email } ...Pay } fragment Pay on Query { people { ... on Employee { salary } } }')
    expect(denied.result.data).toStrictEqual({
      people: [
        { email: 'j***@example.com', salary: null },
        { email: 'c***@agency.example' },
        { email: 'o***@example.com', salary: null },
        { email: null, salary: null },
        { email: 'm***@freelance.example' },
      ],
    })
    expect(denied.result.errors).toStrictEqual([salaryDenied('people', 0, 'salary')])
    expect(denied.received[0]).not.toMatch(/salary/)
  })
})

describe('@include and @skip on a denied field', () => {
  const INCLUDE = 'query($pay: Boolean!) { people { name ... on Employee { salary @include(if: $pay) } } }'

  it('raise no error when the field is not included, and one when it is', async () => {
    const skipped = await run('analyst', INCLUDE, { pay: false })
    expect(skipped.result.data).toStrictEqual({ people: NAMES.map((name) => ({ name })) })
    expect(skipped.result.errors).toBeUndefined()
    expect(skipped.result.extensions).toBeUndefined()
    expect(skipped.received[0]).not.toMatch(/salary|\$pay/)

    const included = await run('analyst', INCLUDE, { pay: true })
    expect(included.result.data.people).toStrictEqual([
      { name: 'Jane Doe', salary: null },
      { name: 'Carl Smith' },
      { name: 'Omar Haddad', salary: null },
      { name: 'Lena Berg', salary: null },
      { name: 'Mia Rossi' },
    ])
    expect(included.result.errors).toStrictEqual([salaryDenied('people', 0, 'salary')])
    expect(included.received[0]).not.toMatch(/salary|\$pay/)
  })

  it('follow @skip on the fragment around the field', async () => {
    const query = 'query($hide: Boolean!) { parties { ... on Employee @skip(if: $hide) { salary } } }'
    const skipped = await run('analyst', query, { hide: true })
    expect(skipped.result.data).toStrictEqual({ parties: [{}, {}, {}, {}, {}] })
    expect(skipped.result.errors).toBeUndefined()

    const included = await run('analyst', query, { hide: false })
    expect(included.result.data).toStrictEqual({ parties: [{ salary: null }, {}, { salary: null }, { salary: null }, {}] })
    expect(included.result.errors).toStrictEqual([salaryDenied('parties', 0, 'salary')])
  })

  it("read the operation's default when the request leaves the variable out", async () => {
    const denied = await run('analyst', 'query($pay: Boolean = true) { people { ... on Employee { salary @include(if: $pay) } } }')
    expect(denied.result.data).toStrictEqual({ people: [{ salary: null }, {}, { salary: null }, { salary: null }, {}] })
    expect(denied.result.errors).toStrictEqual([salaryDenied('people', 0, 'salary')])

    const masked = await run('analyst', 'query($show: Boolean = true) { people { email @include(if: $show) } }')
    expect(masked.result.data).toStrictEqual({ people: MASKED_EMAILS.map((email) => ({ email })) })
    expect(masked.result.extensions).toStrictEqual({ governance: { masked: [{ path: 'people.@.email', coordinate: 'Person.email', strategy: 'email' }] } })

    const notShown = await run('analyst', 'query($show: Boolean = true) { people { email @include(if: $show) } }', { show: false })
    expect(notShown.result.data).toStrictEqual({ people: [{}, {}, {}, {}, {}] })
    expect(notShown.result.extensions).toBeUndefined()
  })
})
