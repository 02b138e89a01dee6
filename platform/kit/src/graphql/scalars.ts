// The scalars every domain shares; each subgraph declares them in its SDL.
import { DateResolver, DateTimeResolver } from 'graphql-scalars'

export const scalarResolvers = {
  DateTime: DateTimeResolver,
  Date: DateResolver,
} as const
