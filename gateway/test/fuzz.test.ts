// Property-based fuzzing of the governed gateway over the real supergraph and the real
// subgraphs: operations generated from the schema itself (fields, arguments with good and
// bad values, aliases, fragments, @include/@skip, variables), documents cut short, and
// noise, sent as subjects who may not read personal data. For a bounded time, no answer
// is a 5xx, the gateway never stops answering, and no answer carries a raw personal value
// or a value of a field the subject is denied.
import fc from 'fast-check'
import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql'
import { governedSchema } from '@datamesh/governance'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestMesh, type TestMesh } from '../src/testing.js'
import { domains, policies } from './mesh.js'

/** How long the fuzzing may run; each run checks one request. */
const TIME_LIMIT_MS = Number(process.env.DATAMESH_FUZZ_MS ?? 15_000)

let mesh: TestMesh
let schema: GraphQLSchema
/** Raw personal values, which must never reach these subjects. */
let secrets: string[]
let subjects: Record<string, Record<string, string>>

beforeAll(async () => {
  mesh = await startTestMesh(domains, { policies })
  schema = governedSchema(mesh.supergraphSdl).apiSchema
  const db = mesh.subgraphs.customers!.database.db as any
  const rows = await db.selectFrom('customers').select(['email', 'phone', 'birth_date']).execute()
  const addresses = await db.selectFrom('addresses').select(['line1']).execute()
  secrets = [
    ...rows.map((row: any) => row.email),
    ...rows.flatMap((row: any) => (row.phone ? [row.phone] : [])),
    ...rows.flatMap((row: any) => (row.birth_date ? [String(row.birth_date instanceof Date ? row.birth_date.toISOString().slice(0, 10) : row.birth_date)] : [])),
    ...addresses.map((row: any) => row.line1),
  ]
  subjects = {
    anonymous: {},
    analyst: await mesh.as({ sub: 'ana', roles: ['analyst'] }),
    customer: await mesh.as({ sub: '3', roles: ['customer'] }),
    // Holds the scope, but without the purpose personal data stays masked.
    'support without purpose': await mesh.as({ sub: 'sam', roles: ['support'], scopes: ['customers:pii:read'], purposes: ['support'] }),
  }
}, 120_000)
afterAll(() => mesh?.stop())

const STRINGS = ['', 'a', 'DE', '%', '_', '\\', '%_\\', "' or 1=1 --", 'ü', 'x'.repeat(1_001), 'a\u0000b', '1', '-1']
const IDS = ['1', '2', '3', '42', '0', '-1', 'abc', '99999999999999999999', '1e3', '']
const INTS = [-1, 0, 1, 5, 20, 100, 101, 2 ** 31 - 1]
const FLOATS = [-1, 0, 0.5, 10, 1e9, 1e308]
const DATES = ['2020-01-01T00:00:00Z', '2026-11-01T00:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', 'yesterday', '2026-13-01T00:00:00Z']

/** A GraphQL literal for an input type, good or bad. */
function literal(type: GraphQLInputType, depth = 0): fc.Arbitrary<string> {
  if (isNonNullType(type)) return literal(type.ofType, depth)
  if (isListType(type)) return fc.array(literal(type.ofType, depth + 1), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`)
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((value) => value.name), 'NOT_A_VALUE')
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields())
    if (depth > 2) return fc.constant('{}')
    return fc
      .subarray(fields, { maxLength: Math.min(3, fields.length) })
      .chain((chosen) => fc.tuple(...chosen.map((field) => literal(field.type, depth + 1).map((value) => `${field.name}: ${value}`))))
      .map((entries) => `{ ${entries.join(', ')} }`)
  }
  switch (type.name) {
    case 'Int':
      return fc.constantFrom(...INTS).map(String)
    case 'Float':
      return fc.constantFrom(...FLOATS).map(String)
    case 'Boolean':
      return fc.constantFrom('true', 'false')
    case 'ID':
      return fc.constantFrom(...IDS).map((id) => JSON.stringify(id))
    case 'DateTime':
    case 'Date':
      return fc.constantFrom(...DATES).map((date) => JSON.stringify(type.name === 'Date' ? date.slice(0, 10) : date))
    default:
      return fc.constantFrom(...STRINGS).map((text) => JSON.stringify(text))
  }
}

function argumentsOf(field: GraphQLField<unknown, unknown>): fc.Arbitrary<string> {
  const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)
  const optional = field.args.filter((arg) => !required.includes(arg))
  const one = (arg: GraphQLArgument) => literal(arg.type).map((value) => `${arg.name}: ${value}`)
  return fc
    .subarray(optional, { maxLength: Math.min(2, optional.length) })
    .chain((chosen) => fc.tuple(...[...required, ...chosen].map(one)))
    .map((parts) => (parts.length ? `(${parts.join(', ')})` : ''))
}

const directive = fc.constantFrom('', '', '', ' @include(if: true)', ' @skip(if: true)', ' @include(if: false)')
const alias = fc.constantFrom('', '', '', 'a: ', 'b: ')

function selection(type: GraphQLCompositeType, depth: number): fc.Arbitrary<string> {
  if (isAbstractType(type)) {
    const possible = [...schema.getPossibleTypes(type)]
    return fc
      .subarray(possible, { minLength: 1, maxLength: Math.min(2, possible.length) })
      .chain((chosen) => fc.tuple(...chosen.map((inner) => selection(inner, depth).map((set) => `... on ${inner.name} ${set}`))))
      .map((parts) => `{ __typename ${parts.join(' ')} }`)
  }
  const fields = Object.values((type as { getFields: () => Record<string, GraphQLField<unknown, unknown>> }).getFields()).filter(
    (field) => depth < 5 || isLeafType(getNamedType(field.type)),
  )
  if (fields.length === 0) return fc.constant('{ __typename }')
  const field = (candidate: GraphQLField<unknown, unknown>): fc.Arbitrary<string> => {
    const returned = getNamedType(candidate.type)
    const inner = isObjectType(returned) || isInterfaceType(returned) || isAbstractType(returned) ? selection(returned as GraphQLCompositeType, depth + 1) : fc.constant('')
    return fc.tuple(alias, argumentsOf(candidate), directive, inner).map(([name, args, where, set]) => `${name}${candidate.name}${args}${where} ${set}`)
  }
  return fc
    .subarray(fields, { minLength: 1, maxLength: Math.min(3, fields.length) })
    .chain((chosen) => fc.tuple(...chosen.map(field)))
    .map((parts) => `{ ${parts.join(' ')} }`)
}

/** A whole request: an operation from the schema (sometimes through a fragment, cut short or noise). */
function request(): fc.Arbitrary<string> {
  const query = selection(schema.getQueryType()!, 0)
  const operation = query.map((set) => `query Fuzz ${set}`)
  const throughFragment = query.map((set) => `query Fuzz { ...Root } fragment Root on Query ${set}`)
  const cut = fc.tuple(operation, fc.nat()).map(([text, at]) => text.slice(0, at % Math.max(1, text.length)))
  const noise = fc.string({ maxLength: 60 })
  return fc.oneof({ weight: 6, arbitrary: operation }, { weight: 2, arbitrary: throughFragment }, { weight: 1, arbitrary: cut }, { weight: 1, arbitrary: noise })
}

const DENIED_VALUES = /"(CONSUMER|SMALL_BUSINESS|ENTERPRISE)"/

describe('the governed gateway under generated operations', () => {
  it(
    'never answers 5xx, never stops, and never shows raw personal data or a denied value to a subject who may not see it',
    async () => {
      let checked = 0
      await fc.assert(
        fc.asyncProperty(request(), fc.constantFrom('anonymous', 'analyst', 'customer', 'support without purpose'), async (query, who) => {
          const result = await mesh.query(query, undefined, subjects[who])
          checked++
          expect(result.status, query).toBeLessThan(500)
          const text = JSON.stringify(result)
          for (const secret of secrets) expect(text.includes(secret), `${who} saw ${secret} with ${query}`).toBe(false)
          if (who === 'anonymous' || who === 'customer') expect(text, `${who} saw a customer segment with ${query}`).not.toMatch(DENIED_VALUES)
        }),
        { interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false, numRuns: 100_000, seed: Number(process.env.DATAMESH_FUZZ_SEED ?? Date.now() % 2 ** 31) },
      )
      expect(checked).toBeGreaterThan(50)
      const health = await fetch(new URL('/health', mesh.gateway.url))
      expect(health.status).toBe(200)
      const small = await mesh.query('{ product(id: "1") { name } }')
      expect(small.data.product.name).toBeTruthy()
    },
    TIME_LIMIT_MS + 60_000,
  )
})
