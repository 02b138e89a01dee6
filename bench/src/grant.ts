// The subject every contender asks as. The DataMesh gateway gets it as a bearer token; the
// other gateways know nothing of governance, so on the mesh workload they send the
// subgraphs the signed grant the DataMesh gateway would send for it (the domains refuse
// unsigned calls), and the domains run the same SQL, row rules included, for all of them.
// The light entry points, not the kit's index: a contender's process should hold the
// contender and little else, or its memory would be ours.
import { GRANT_HEADER, GrantSigner, type Grant } from '@datamesh/kit/grant'
import { meshSecret } from '@datamesh/kit/secrets'

/** An analyst: customers' PII comes back masked, Product.supplierCost is denied. */
export const BENCH_SUBJECT = { sub: 'bench-analyst', scopes: [] as string[], roles: ['analyst'], purposes: ['analytics'] }
export const BENCH_PURPOSE = 'analytics'

const GRANT: Grant = { sub: BENCH_SUBJECT.sub, scopes: BENCH_SUBJECT.scopes, roles: BENCH_SUBJECT.roles, purpose: BENCH_PURPOSE }

/**
 * The headers a non-DataMesh contender adds to every subgraph call: the bench subject's
 * grant, signed with the mesh's gateway secret and re-signed before it expires. Empty when
 * BENCH_SIGN_GRANTS is not set (the public workload's subgraphs check nothing).
 */
export function subgraphHeaders(env: NodeJS.ProcessEnv = process.env): () => Record<string, string> {
  if (!env.BENCH_SIGN_GRANTS) return () => ({})
  const signer = new GrantSigner(meshSecret('gateway', env))
  return () => ({ [GRANT_HEADER]: signer.sign(BENCH_SUBJECT.sub, () => GRANT) })
}
