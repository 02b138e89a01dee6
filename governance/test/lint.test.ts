import { composeServices } from '@apollo/composition'
import { parse } from 'graphql'
import { describe, expect, it } from 'vitest'
import { LINT_RULES, lintSupergraph, type LintProblem } from '../src/index.js'

// What every fixture subgraph declares to use the governance vocabulary.
const HEADER = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@tag", "@policy", "@requiresScopes", "@authenticated", "@composeDirective"])
  @link(url: "https://datamesh.dev/governance/v1.0", import: ["@mask", "@filterOn"])
  @composeDirective(name: "@mask")
  @composeDirective(name: "@filterOn")

"How a field's value is masked when governance decides to mask it."
directive @mask(strategy: String!) on FIELD_DEFINITION
"The fields an argument selects by."
directive @filterOn(fields: [String!]!) on INPUT_FIELD_DEFINITION | ARGUMENT_DEFINITION
`

function compose(sdl: string): string {
  const result = composeServices([{ name: 'catalog', url: 'http://catalog.test/graphql', typeDefs: parse(HEADER + sdl) }])
  if (result.errors) throw new Error(result.errors.map((error) => error.message).join('\n'))
  return result.supergraphSdl
}

const POLICY_NAMES: ReadonlySet<string> = new Set(['global.pii-protection', 'global.confidential-access', 'catalog.staff-only'])

/** A subgraph that follows every rule; each test breaks one. */
const CLEAN = `
"An instant in time: an ISO-8601 string with a time zone."
scalar DateTime

"How a product is sold."
enum SaleKind {
  "Sold by the unit."
  UNIT
  "Sold by weight."
  WEIGHT
}

"A product we sell."
type Product @key(fields: "id") {
  "Stable identifier."
  id: ID!
  "Display name."
  name: String!
  "How it is sold."
  kind: SaleKind!
  "Email of the supplier's contact person."
  supplierEmail: String @tag(name: "pii") @mask(strategy: "email")
  "Phone of the supplier's contact person."
  supplierPhone: String @tag(name: "pii") @mask(strategy: "last4") @requiresScopes(scopes: [["catalog:pii:read"]])
  "What we pay the supplier."
  cost: Float @tag(name: "confidential") @requiresScopes(scopes: [["catalog:cost:read"]])
  "Notes for staff."
  notes: String @tag(name: "internal") @policy(policies: [["catalog.staff-only"]])
  "Negotiated discount."
  discount: Float @tag(name: "confidential") @authenticated
  "When it was added."
  createdAt: DateTime! @tag(name: "public")
  "When it was launched, only the year unless raw access is granted."
  launchedAt: DateTime @tag(name: "pii") @mask(strategy: "year")
  "A token that identifies the supplier, pseudonymised when masked."
  supplierToken: ID @tag(name: "pii") @mask(strategy: "hash")
  "The stock count, removed when masked."
  stockCount: Int @tag(name: "pii") @mask(strategy: "null")
  # FIELDS
}

# TYPES

"Entry points of the catalog."
type Query {
  "One product by id, or null when there is none."
  product(id: ID!): Product
  "Every product."
  products: [Product!]!
  # ROOT FIELDS
}
`

const withField = (field: string) => CLEAN.replace('# FIELDS', field)
const withType = (type: string) => CLEAN.replace('# TYPES', type)
const withRootField = (field: string) => CLEAN.replace('# ROOT FIELDS', field)

const lint = (sdl: string): LintProblem[] => lintSupergraph(compose(sdl), POLICY_NAMES)
const found = (problems: readonly LintProblem[]) => problems.map(({ coordinate, rule }) => ({ coordinate, rule }))

describe('lintSupergraph', () => {
  it('reports nothing for a supergraph that follows every rule', () => {
    expect(lint(CLEAN)).toEqual([])
  })

  it('reports a type without a description', () => {
    const problems = lint(withType(`type Supplier { "Name." name: String }`).replace('"Every product."', '"Every product."\n  supplier: Supplier'))
    expect(found(problems)).toContainEqual({ coordinate: 'Supplier', rule: 'described-types' })
    expect(problems.find((problem) => problem.coordinate === 'Supplier')?.message).toBe('type Supplier has no description')
  })

  it('reports an enum or scalar without a description', () => {
    const problems = lint(CLEAN.replace('"How a product is sold."\n', '').replace('"An instant in time: an ISO-8601 string with a time zone."\n', ''))
    expect(found(problems).sort((a, b) => a.coordinate.localeCompare(b.coordinate))).toEqual([
      { coordinate: 'DateTime', rule: 'described-types' },
      { coordinate: 'SaleKind', rule: 'described-types' },
    ])
  })

  it('reports a root field without a description, naming its domain', () => {
    expect(lint(withRootField('productCount: Int!'))).toEqual([
      { coordinate: 'Query.productCount', domain: 'catalog', rule: 'described-types', message: 'root field Query.productCount has no description' },
    ])
  })

  it('does not ask for descriptions of fields that are not root fields', () => {
    expect(lint(withField('weight: Float'))).toEqual([])
  })

  it('reports a tag outside the classification vocabulary', () => {
    const problems = lint(withField('"Shelf code." shelf: String @tag(name: "secret")'))
    expect(found(problems)).toEqual([{ coordinate: 'Product.shelf', rule: 'classification-vocabulary' }])
    expect(problems[0]?.message).toBe('@tag(name: "secret") is not a classification; use one of pii, confidential, internal, public')
    expect(problems[0]?.domain).toBe('catalog')
  })

  it('reports a tag outside the vocabulary on a type, which would leave all its fields unclassified', () => {
    const sdl = withType(`"A supplier." type Supplier @tag(name: "PII") { "Name." name: String }`).replace('# ROOT FIELDS', '"Suppliers." suppliers: [Supplier!]')
    const problems = lint(sdl)
    expect(found(problems)).toEqual([{ coordinate: 'Supplier', rule: 'classification-vocabulary' }])
    expect(problems[0]?.message).toBe('@tag(name: "PII") is not a classification; use one of pii, confidential, internal, public')
  })

  it('accepts a classification on a type whose fields carry a rule', () => {
    const sdl = withType(`"A supplier." type Supplier @tag(name: "confidential") @authenticated { "Name." name: String }`).replace(
      '# ROOT FIELDS',
      '"Suppliers." suppliers: [Supplier!]',
    )
    expect(lint(sdl)).toEqual([])
  })

  it('reports the fields of a pii type that have no access rule', () => {
    const sdl = withType(`"A supplier." type Supplier @tag(name: "pii") { "Name." name: String @mask(strategy: "redact") "Address." address: String }`).replace(
      '# ROOT FIELDS',
      '"Suppliers." suppliers: [Supplier!]',
    )
    expect(found(lint(sdl))).toEqual([{ coordinate: 'Supplier.address', rule: 'classified-needs-rule' }])
  })

  it('reports a pii field with no access rule', () => {
    const problems = lint(withField('"Supplier tax id." taxId: String @tag(name: "pii")'))
    expect(found(problems)).toEqual([{ coordinate: 'Product.taxId', rule: 'classified-needs-rule' }])
    expect(problems[0]?.message).toBe('pii field has no access rule; add @mask, @requiresScopes, @policy or @authenticated')
  })

  it('reports a confidential field with no access rule', () => {
    expect(found(lint(withField('"Margin." margin: Float @tag(name: "confidential")')))).toEqual([{ coordinate: 'Product.margin', rule: 'classified-needs-rule' }])
  })

  it('accepts a classified field whose rule is declared on its type', () => {
    const sdl = withType(`"Internal pricing." type Pricing @authenticated { "Margin." margin: Float @tag(name: "confidential") }`).replace(
      '# ROOT FIELDS',
      '"Pricing." pricing: Pricing',
    )
    expect(lint(sdl)).toEqual([])
  })

  it('reports a @policy naming a policy that no code defines', () => {
    const problems = lint(withField('"Shelf." shelf: String @policy(policies: [["catalog.staff-only"], ["catalog.nobody"]])'))
    expect(found(problems)).toEqual([{ coordinate: 'Product.shelf', rule: 'known-policy' }])
    expect(problems[0]?.message).toBe('@policy names "catalog.nobody", which no global or domain policy defines')
  })

  it('reports an unknown @mask strategy', () => {
    const problems = lint(withField('"Shelf." shelf: String @tag(name: "pii") @mask(strategy: "scramble")'))
    expect(found(problems)).toContainEqual({ coordinate: 'Product.shelf', rule: 'mask-strategy' })
    expect(problems.find((problem) => problem.rule === 'mask-strategy')?.message).toMatch(/^@mask\(strategy: "scramble"\) is not a strategy; use one of redact, hash/)
  })

  it('reports a mask strategy that does not fit the field type', () => {
    const problems = lint(withField('"Age of the supplier contact." contactAge: Int @tag(name: "pii") @mask(strategy: "email")'))
    expect(found(problems)).toEqual([{ coordinate: 'Product.contactAge', rule: 'mask-strategy' }])
    expect(problems[0]?.message).toBe('@mask(strategy: "email") cannot produce a Int; it fits String, ID')
  })

  it('reports a non-null field that @requiresScopes can deny', () => {
    const problems = lint(withField('"List price." listPrice: Float! @requiresScopes(scopes: [["catalog:price:read"]])'))
    expect(found(problems)).toEqual([{ coordinate: 'Product.listPrice', rule: 'deniable-is-nullable' }])
    expect(problems[0]?.message).toBe('field can be denied but is non-null; make it nullable')
  })

  it('reports a non-null field that @authenticated or @policy can deny', () => {
    expect(found(lint(withField('"A." a: String! @authenticated\n "B." b: [String!]! @policy(policies: [["catalog.staff-only"]])')))).toEqual([
      { coordinate: 'Product.a', rule: 'deniable-is-nullable' },
      { coordinate: 'Product.b', rule: 'deniable-is-nullable' },
    ])
  })

  it('reports a non-null field of a type that can be denied', () => {
    const sdl = withType(`"Internal pricing." type Pricing @authenticated { "Margin." margin: Float! }`).replace('# ROOT FIELDS', '"Pricing." pricing: Pricing')
    expect(found(lint(sdl))).toEqual([{ coordinate: 'Pricing.margin', rule: 'deniable-is-nullable' }])
  })

  it('reports a non-null field masked to null', () => {
    const problems = lint(withField('"Count." count: Int! @tag(name: "pii") @mask(strategy: "null")'))
    expect(found(problems)).toEqual([{ coordinate: 'Product.count', rule: 'deniable-is-nullable' }])
    expect(problems[0]?.message).toBe('field can be masked to null but is non-null; make it nullable')
  })

  it('reports every problem of a field, each under its rule', () => {
    const problems = lint(withField('"Shelf." shelf: Int! @tag(name: "secret") @mask(strategy: "last4") @policy(policies: [["catalog.nobody"]])'))
    expect(found(problems)).toEqual([
      { coordinate: 'Product.shelf', rule: 'classification-vocabulary' },
      { coordinate: 'Product.shelf', rule: 'known-policy' },
      { coordinate: 'Product.shelf', rule: 'mask-strategy' },
      { coordinate: 'Product.shelf', rule: 'deniable-is-nullable' },
    ])
  })

  it('reports a non-null confidential field, which the global policy denies to anonymous subjects', () => {
    const problems = lint(withField(`"Internal code." code: String! @tag(name: "confidential") @mask(strategy: "redact")`))
    expect(found(problems)).toEqual([{ coordinate: 'Product.code', rule: 'deniable-is-nullable' }])
  })

  it('reports a pii field whose default mask cannot produce its type', () => {
    const problems = lint(withField(`"Age in years." age: Int @tag(name: "pii") @authenticated`))
    expect(problems).toEqual([
      expect.objectContaining({
        coordinate: 'Product.age',
        rule: 'mask-strategy',
        message: 'without @mask, the default strategy "redact" cannot produce a Int; it fits String, ID',
      }),
    ])
  })

  describe('filter-maps-to-field', () => {
    const filtered = (input: string, argument = 'filter: ProductFilter') =>
      withType(`"Narrows the products listed." input ProductFilter { ${input} }`).replace('products: [Product!]!', `products(${argument}): [Product!]!`)

    it('maps arguments to the fields they test by name: the field itself, Id, Contains, After/Before, min/max', () => {
      expect(lint(filtered('"." name: String "." nameContains: String "." createdAfter: DateTime "." minCost: Float "." kind: [SaleKind!]'))).toEqual([])
      expect(lint(withRootField('"By kind." byKind(kind: SaleKind): [Product!]!'))).toEqual([])
    })

    it('reports an argument over a type with governed fields that its name does not map, naming the argument', () => {
      const problems = lint(filtered('"Cheaper than this." below: Float'))
      expect(problems).toEqual([
        {
          coordinate: 'Query.products(filter.below:)',
          domain: 'catalog',
          rule: 'filter-maps-to-field',
          message: 'cannot tell which field of Product this argument tests, and Product has governed fields; name them with @filterOn(fields: [...])',
        },
      ])
      expect(lint(filtered('"Cheaper than this." below: Float @filterOn(fields: ["cost"])'))).toEqual([])
      expect(lint(withRootField('"Cheap ones." cheap(below: Float @filterOn(fields: ["cost"])): [Product!]!'))).toEqual([])
    })

    it('reports a @filterOn that names a field the filtered type does not have', () => {
      const problems = lint(filtered('"Cheaper than this." below: Float @filterOn(fields: ["price"])'))
      expect(problems).toEqual([expect.objectContaining({ coordinate: 'Query.products(filter.below:)', rule: 'filter-maps-to-field', message: '@filterOn names price, which the filtered type does not have' })])
    })

    it('leaves pagination arguments alone, and arguments over a type with nothing governed', () => {
      expect(lint(withRootField('"Pages." page(first: Int, after: String): [Product!]!'))).toEqual([])
      const open = withType(`"A shelf." type Shelf { "Its code." code: String }`).replace('# ROOT FIELDS', '"Shelves." shelves(aisle: Int): [Shelf!]!')
      expect(lint(open)).toEqual([])
    })
  })

  it('uses only rules it documents', () => {
    const problems = lint(withField('"Shelf." shelf: Int! @tag(name: "secret") @mask(strategy: "last4") @policy(policies: [["catalog.nobody"]])'))
    for (const problem of problems) expect(Object.keys(LINT_RULES)).toContain(problem.rule)
  })
})
