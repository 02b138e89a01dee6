// The scalars every domain shares; each subgraph declares them in its SDL. graphql-scalars
// parses them; the mesh accepts only years 1 to 9999, the range every engine and ISO 8601
// without extensions agree on (year 0000 parses in JavaScript and fails in Postgres).
import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql'
import { DateResolver, DateTimeResolver } from 'graphql-scalars'

function withinYears(scalar: GraphQLScalarType<Date, unknown>): GraphQLScalarType<Date, unknown> {
  const config = scalar.toConfig()
  const check = (value: Date): Date => {
    const year = value.getUTCFullYear()
    if (!(year >= 1 && year <= 9999)) throw new GraphQLError(`${scalar.name} must be between the years 1 and 9999, got ${year}`)
    return value
  }
  return new GraphQLScalarType<Date, unknown>({
    ...config,
    parseValue: (value: unknown) => check(config.parseValue!(value) as Date),
    parseLiteral: (literal: ValueNode, variables) => check(config.parseLiteral!(literal, variables) as Date),
  })
}

export const scalarResolvers = {
  DateTime: withinYears(DateTimeResolver as GraphQLScalarType<Date, unknown>),
  Date: withinYears(DateResolver as GraphQLScalarType<Date, unknown>),
} as const
