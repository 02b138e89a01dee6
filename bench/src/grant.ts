// The subject every contender asks as. The DataMesh gateway gets it as a bearer token; the
// other gateways know nothing of governance, so on the mesh workload they send each
// subgraph call the grant the DataMesh gateway would send with it (the domains refuse
// unsigned calls, and calls whose grant was made for another subgraph, another body or used
// before), and the domains run the same SQL, row rules included, for all of them.
// The light entry points, not the kit's index: a contender's process should hold the
// contender and little else, or its memory would be ours.
import { GRANT_HEADER, signGrant, type Grant } from '@datamesh/kit/grant'
import { meshSecret } from '@datamesh/kit/secrets'
import { Kind, parse } from 'graphql'

/** An analyst: customers' PII comes back masked, Product.supplierCost is denied. */
export const BENCH_SUBJECT = { sub: 'bench-analyst', scopes: [] as string[], roles: ['analyst'], purposes: ['analytics'] }
export const BENCH_PURPOSE = 'analytics'

export const BENCH_GRANT: Grant = { sub: BENCH_SUBJECT.sub, scopes: BENCH_SUBJECT.scopes, roles: BENCH_SUBJECT.roles, purpose: BENCH_PURPOSE }

/** The headers of one subgraph call: `subgraph` is its name in the supergraph, `body` the exact body sent. */
export type SubgraphHeaders = (subgraph: string, body: string) => Record<string, string>

/**
 * Signs the bench subject's grant for each subgraph call, with the mesh's gateway secret.
 * Signs nothing when BENCH_SIGN_GRANTS is not set (the public workload's subgraphs check nothing).
 */
export function subgraphHeaders(env: NodeJS.ProcessEnv = process.env): SubgraphHeaders {
  if (!env.BENCH_SIGN_GRANTS) return () => ({})
  const secret = meshSecret('gateway', env)
  return (subgraph, body) => ({ [GRANT_HEADER]: signGrant(BENCH_GRANT, secret, { audience: subgraph, body }) })
}

/** Subgraph names by routing URL, read from the supergraph's `join__Graph` enum. */
export function subgraphNames(supergraphSdl: string): ReadonlyMap<string, string> {
  const names = new Map<string, string>()
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((directive) => directive.name.value === 'join__graph')
      const argument = (name: string) => {
        const found = graph?.arguments?.find((arg) => arg.name.value === name)?.value
        return found?.kind === Kind.STRING ? found.value : undefined
      }
      const [name, url] = [argument('name'), argument('url')]
      if (name && url) names.set(url, name)
    }
  }
  return names
}
