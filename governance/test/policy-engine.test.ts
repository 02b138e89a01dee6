import { composeServices } from '@apollo/composition'
import { parse } from 'graphql'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  allow,
  ANONYMOUS,
  createSubject,
  definePolicy,
  deny,
  globalPolicies,
  governedSchema,
  mask,
  PolicyEngine,
  type Policy,
  type Subject,
} from '../src/index.js'

// What every fixture subgraph declares to use the governance vocabulary.
const HEADER = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@tag", "@policy", "@requiresScopes", "@authenticated", "@composeDirective"])
  @link(url: "https://datamesh.dev/governance/v1.0", import: ["@mask"])
  @composeDirective(name: "@mask")

directive @mask(strategy: String!) on FIELD_DEFINITION
`

function compose(subgraphs: Record<string, string>): string {
  const result = composeServices(
    Object.entries(subgraphs).map(([name, sdl]) => ({ name, url: `http://${name}.test/graphql`, typeDefs: parse(HEADER + sdl) })),
  )
  if (result.errors) throw new Error(result.errors.map((error) => error.message).join('\n'))
  return result.supergraphSdl
}

const CUSTOMERS = `
type Query {
  customer(id: ID!): Customer
  vault: Vault
  contracts: [Contract!]
  parties: [Party!]
}

type Customer @key(fields: "id") {
  id: ID!
  name: String
  email: String @tag(name: "pii") @mask(strategy: "email") @policy(policies: [["customers.open"]])
  phone: String @tag(name: "pii") @mask(strategy: "last4") @requiresScopes(scopes: [["support:read"]])
  address: String @tag(name: "pii") @mask(strategy: "redact")
  birthDate: String @tag(name: "pii")
  creditLimit: Float @requiresScopes(scopes: [["finance:read", "customers:read"], ["admin"]])
  notes: String @authenticated
  margin: Float @tag(name: "confidential") @authenticated
  segment: String @policy(policies: [["test.staff", "test.eu"], ["test.auditor"]])
  handle: String @mask(strategy: "email") @policy(policies: [["test.pseudonymise"]])
  risk: String @policy(policies: [["test.missing"]])
  riskScore: String @policy(policies: [["test.always-allow", "test.missing"]])
  tier: String @policy(policies: [["test.counted"]])
}

type Vault @requiresScopes(scopes: [["vault:read"]]) {
  id: ID!
  contents: String
}

type Contract @tag(name: "confidential") {
  id: ID!
  terms: String
}

interface Party {
  id: ID!
  contact: String
}

type Person implements Party {
  id: ID!
  contact: String @tag(name: "pii") @mask(strategy: "email")
}

type Company implements Party {
  id: ID!
  contact: String @policy(policies: [["test.staff"]])
}
`

const ORDERS = `
type Query {
  order(id: ID!): Order
}

type Order @key(fields: "id") {
  id: ID!
  recipientName: String @tag(name: "pii") @mask(strategy: "redact")
}
`

const supergraph = compose({ customers: CUSTOMERS, orders: ORDERS })
const { fields } = governedSchema(supergraph)

const byRole = (role: string, onFail: 'deny' | 'mask') =>
  definePolicy({
    name: `test.${role}`,
    description: `allows the role ${role}`,
    evaluate: ({ subject }) => (subject.roles.has(role) ? allow(`has role ${role}`) : onFail === 'deny' ? deny(`needs role ${role}`) : mask(`needs role ${role}`)),
  })

const alwaysAllow = definePolicy({ name: 'test.always-allow', description: 'allows everything', evaluate: () => allow('anything goes') })
const customersOpen = definePolicy({ name: 'customers.open', description: 'a domain policy that allows everything', evaluate: () => allow('customers says yes') })
const pseudonymise = definePolicy({
  name: 'test.pseudonymise',
  description: 'masks with its own strategy',
  evaluate: () => mask('pseudonymised for analytics', 'hash'),
})

let countedCalls = 0
const counted = definePolicy({
  name: 'test.counted',
  description: 'counts its evaluations',
  evaluate: () => {
    countedCalls += 1
    return allow()
  },
})

const DOMAIN_POLICIES: readonly Policy[] = [byRole('staff', 'deny'), byRole('eu', 'mask'), byRole('auditor', 'deny'), alwaysAllow, customersOpen, pseudonymise, counted]

let engine: PolicyEngine
beforeEach(() => {
  engine = new PolicyEngine(fields, { global: globalPolicies, domain: DOMAIN_POLICIES })
  countedCalls = 0
})

const subject = (claims: { sub?: string; scopes?: string[]; roles?: string[] } = {}): Subject => createSubject({ sub: 'user-1', ...claims })

describe('@requiresScopes', () => {
  it('allows a subject holding every scope of one inner group', () => {
    expect(engine.decide('Customer.creditLimit', subject({ scopes: ['finance:read', 'customers:read'] }), undefined).effect).toBe('allow')
  })

  it('allows a subject holding a scope of another outer group (outer list is OR)', () => {
    expect(engine.decide('Customer.creditLimit', subject({ scopes: ['admin'] }), undefined).effect).toBe('allow')
  })

  it('denies a subject holding only part of an inner group (inner list is AND), naming the scopes needed', () => {
    expect(engine.decide('Customer.creditLimit', subject({ scopes: ['finance:read'] }), undefined)).toEqual({
      coordinate: 'Customer.creditLimit',
      effect: 'deny',
      reason: 'Customer.creditLimit needs scope finance:read and customers:read, or admin',
      directive: '@requiresScopes',
    })
  })

  it('denies anonymous subjects', () => {
    expect(engine.decide('Customer.creditLimit', ANONYMOUS, undefined).effect).toBe('deny')
  })
})

describe('@authenticated', () => {
  it('denies an anonymous subject', () => {
    expect(engine.decide('Customer.notes', ANONYMOUS, undefined)).toEqual({
      coordinate: 'Customer.notes',
      effect: 'deny',
      reason: 'Customer.notes requires an authenticated subject',
      directive: '@authenticated',
    })
  })

  it('allows any authenticated subject, without scopes or roles', () => {
    expect(engine.decide('Customer.notes', subject(), undefined).effect).toBe('allow')
  })
})

describe('@policy', () => {
  const segment = (roles: string[]) => engine.decide('Customer.segment', subject({ roles }), undefined)

  it('allows when every policy of one inner group allows', () => {
    expect(segment(['staff', 'eu']).effect).toBe('allow')
  })

  it('allows when another outer group allows although the first denies (outer list is OR)', () => {
    expect(segment(['auditor']).effect).toBe('allow')
    expect(segment(['eu', 'auditor']).effect).toBe('allow')
  })

  it('takes the strictest decision within a group (inner list is AND) and the loosest across groups', () => {
    // Group one: staff allows, eu masks → mask. Group two: auditor denies. Loosest: mask.
    expect(segment(['staff'])).toEqual({
      coordinate: 'Customer.segment',
      effect: 'mask',
      reason: 'needs role eu',
      directive: '@policy',
      policy: 'test.eu',
      strategy: 'redact',
    })
  })

  it('denies when every group denies, naming a policy that denied', () => {
    const decision = segment(['eu'])
    expect(decision.effect).toBe('deny')
    expect(decision.directive).toBe('@policy')
    expect(['test.staff', 'test.auditor']).toContain(decision.policy)
    expect(segment([]).effect).toBe('deny')
  })

  it('uses the strategy a policy chooses over the field\'s @mask', () => {
    expect(engine.decide('Customer.handle', subject(), undefined)).toMatchObject({ effect: 'mask', strategy: 'hash', policy: 'test.pseudonymise' })
  })

  it('fails closed on a policy name nobody defines', () => {
    expect(engine.decide('Customer.risk', subject({ roles: ['staff', 'auditor'] }), undefined)).toEqual({
      coordinate: 'Customer.risk',
      effect: 'deny',
      reason: 'policy test.missing is not defined',
      directive: '@policy',
      policy: 'test.missing',
    })
  })

  it('denies a group that names an undefined policy even when the rest of the group allows', () => {
    expect(engine.decide('Customer.riskScore', subject(), undefined)).toMatchObject({ effect: 'deny', policy: 'test.missing' })
  })
})

describe('rules combined with global policies', () => {
  const supportAgent = subject({ scopes: ['support:read', 'customers:pii:read'] })

  it('allow only when both the field\'s rule and the global policy allow', () => {
    expect(engine.decide('Customer.phone', supportAgent, 'support').effect).toBe('allow')
  })

  it('mask when the rule allows and the global policy masks', () => {
    expect(engine.decide('Customer.phone', supportAgent, 'marketing')).toMatchObject({
      effect: 'mask',
      directive: 'global policy',
      policy: 'global.pii-protection',
      strategy: 'last4',
    })
  })

  it('deny when the rule denies and the global policy would allow', () => {
    expect(engine.decide('Customer.phone', subject({ scopes: ['customers:pii:read'] }), 'support')).toEqual({
      coordinate: 'Customer.phone',
      effect: 'deny',
      reason: 'Customer.phone needs scope support:read',
      directive: '@requiresScopes',
    })
  })

  it('deny when the rule denies and the global policy masks (the strictest decision wins)', () => {
    expect(engine.decide('Customer.phone', subject(), undefined)).toMatchObject({ effect: 'deny', directive: '@requiresScopes' })
  })

  it('a domain policy that allows everything cannot loosen a global policy', () => {
    const analyst = subject({ sub: 'ana', roles: ['analyst'], scopes: ['customers:read'] })
    expect(engine.decide('Customer.email', analyst, 'analytics')).toEqual({
      coordinate: 'Customer.email',
      effect: 'mask',
      reason: 'personal data needs scope customers:pii:read',
      directive: 'global policy',
      policy: 'global.pii-protection',
      strategy: 'email',
    })
  })

  it('the domain policy does not block raw access that the global policy grants', () => {
    expect(engine.decide('Customer.email', subject({ scopes: ['customers:pii:read'] }), 'fraud').effect).toBe('allow')
  })
})

describe('the global policies', () => {
  describe('pii protection', () => {
    const withScope = subject({ scopes: ['customers:pii:read'] })

    it('shows personal data raw with the owning domain\'s pii scope and the purpose support', () => {
      expect(engine.decide('Customer.address', withScope, 'support')).toEqual({ coordinate: 'Customer.address', effect: 'allow', reason: 'allowed' })
    })

    it('shows personal data raw with the owning domain\'s pii scope and the purpose fraud', () => {
      expect(engine.decide('Customer.address', withScope, 'fraud').effect).toBe('allow')
    })

    it('masks with the scope but the purpose marketing, with the field\'s @mask strategy', () => {
      expect(engine.decide('Customer.address', withScope, 'marketing')).toEqual({
        coordinate: 'Customer.address',
        effect: 'mask',
        reason: 'personal data is shown raw only for the purposes support or fraud, not marketing',
        directive: 'global policy',
        policy: 'global.pii-protection',
        strategy: 'redact',
      })
    })

    it('masks with the scope but no declared purpose', () => {
      expect(engine.decide('Customer.address', withScope, undefined)).toMatchObject({
        effect: 'mask',
        reason: 'personal data is shown raw only for the purposes support or fraud; none was declared',
      })
    })

    it('masks with the purpose but without the scope', () => {
      expect(engine.decide('Customer.address', subject({ scopes: ['customers:read'] }), 'support')).toMatchObject({
        effect: 'mask',
        reason: 'personal data needs scope customers:pii:read',
        policy: 'global.pii-protection',
      })
    })

    it('needs the pii scope of the domain that owns the field, not of another domain', () => {
      expect(engine.decide('Order.recipientName', withScope, 'support')).toMatchObject({ effect: 'mask', reason: 'personal data needs scope orders:pii:read' })
      expect(engine.decide('Order.recipientName', subject({ scopes: ['orders:pii:read'] }), 'support').effect).toBe('allow')
    })

    it('masks anonymous subjects', () => {
      expect(engine.decide('Customer.address', ANONYMOUS, 'support').effect).toBe('mask')
    })

    it('masks a pii field without @mask by redacting it', () => {
      expect(engine.decide('Customer.birthDate', subject(), undefined)).toMatchObject({ effect: 'mask', strategy: 'redact' })
    })
  })

  describe('confidential access', () => {
    it('denies confidential data to anonymous subjects', () => {
      expect(engine.decide('Contract.terms', ANONYMOUS, undefined)).toEqual({
        coordinate: 'Contract.terms',
        effect: 'deny',
        reason: 'confidential data needs an authenticated subject',
        directive: 'global policy',
        policy: 'global.confidential-access',
      })
    })

    it('allows confidential data to authenticated subjects', () => {
      expect(engine.decide('Contract.terms', subject(), undefined).effect).toBe('allow')
    })

    it('leaves unclassified fields alone', () => {
      expect(engine.decide('Customer.name', ANONYMOUS, undefined)).toEqual({ coordinate: 'Customer.name', effect: 'allow', reason: 'allowed' })
    })
  })
})

describe('where rules are declared', () => {
  it('type-level @requiresScopes governs every field of the type', () => {
    expect(engine.decide('Vault.contents', subject(), undefined)).toMatchObject({ effect: 'deny', reason: 'Vault needs scope vault:read' })
    expect(engine.decide('Vault.id', subject(), undefined).effect).toBe('deny')
    expect(engine.decide('Vault.contents', subject({ scopes: ['vault:read'] }), undefined).effect).toBe('allow')
  })

  it('type-level rules also govern fields that return the type', () => {
    expect(engine.decide('Query.vault', subject(), undefined)).toMatchObject({ effect: 'deny', reason: 'Vault needs scope vault:read' })
    expect(engine.decide('Query.vault', subject({ scopes: ['vault:read'] }), undefined).effect).toBe('allow')
  })

  it('a type-level classification applies to every field of the type', () => {
    expect(fields.get('Contract.id')?.classification).toBe('confidential')
    expect(engine.decide('Contract.id', ANONYMOUS, undefined)).toMatchObject({ effect: 'deny', policy: 'global.confidential-access' })
  })

  it('an interface field is governed by the rules of its implementations', () => {
    // Person.contact is pii (masked as an email); Company.contact needs the staff policy.
    expect(engine.decide('Party.contact', ANONYMOUS, undefined)).toMatchObject({ effect: 'deny', policy: 'test.staff' })
    expect(engine.decide('Party.contact', subject({ roles: ['staff'] }), undefined)).toMatchObject({
      effect: 'mask',
      policy: 'global.pii-protection',
      strategy: 'email',
    })
    expect(engine.decide('Party.contact', subject({ roles: ['staff'], scopes: ['customers:pii:read'] }), 'support').effect).toBe('allow')
  })

  it('an implementation keeps only its own rules', () => {
    expect(engine.decide('Company.contact', subject({ roles: ['staff'] }), undefined).effect).toBe('allow')
    expect(engine.decide('Person.contact', ANONYMOUS, undefined)).toMatchObject({ effect: 'mask', strategy: 'email' })
  })

  it('a coordinate the supergraph does not define (__typename, introspection) is allowed', () => {
    expect(engine.decide('Customer.__typename', ANONYMOUS, undefined)).toEqual({ coordinate: 'Customer.__typename', effect: 'allow', reason: 'allowed' })
  })
})

describe('decision caching', () => {
  it('returns the same decision object for the same subject and purpose, evaluating the policy once', () => {
    const first = engine.decide('Customer.tier', subject({ roles: ['staff'] }), 'support')
    const again = engine.decide('Customer.tier', subject({ roles: ['staff'] }), 'support')
    expect(again).toBe(first)
    expect(countedCalls).toBe(1)
  })

  it('evaluates again for another purpose or another subject', () => {
    engine.decide('Customer.tier', subject(), 'support')
    engine.decide('Customer.tier', subject(), 'fraud')
    engine.decide('Customer.tier', subject({ sub: 'user-2' }), 'support')
    engine.decide('Customer.tier', subject({ scopes: ['extra'] }), 'support')
    expect(countedCalls).toBe(4)
  })

  it('does not depend on the order of scopes and roles', () => {
    const first = engine.decide('Customer.tier', subject({ scopes: ['a', 'b'], roles: ['x', 'y'] }), undefined)
    expect(engine.decide('Customer.tier', subject({ scopes: ['b', 'a'], roles: ['y', 'x'] }), undefined)).toBe(first)
    expect(countedCalls).toBe(1)
  })
})

describe('the policy engine', () => {
  it('refuses two policies with the same name', () => {
    expect(() => new PolicyEngine(fields, { global: globalPolicies, domain: [alwaysAllow, alwaysAllow] })).toThrow('policy test.always-allow is defined twice')
  })

  it('knows every global and domain policy by name', () => {
    expect([...engine.policies.keys()].sort()).toEqual(
      ['global.pii-protection', 'global.confidential-access', ...DOMAIN_POLICIES.map((policy) => policy.name)].sort(),
    )
  })
})

describe('definePolicy', () => {
  it('refuses a name that is not owner.policy-name in lower case', () => {
    expect(() => definePolicy({ name: 'NoOwner', description: '', evaluate: () => allow() })).toThrow('must look like owner.policy-name')
    expect(() => definePolicy({ name: 'customers.Staff', description: '', evaluate: () => allow() })).toThrow('must look like owner.policy-name')
  })
})
