// The public gateway benchmark's workload (graphql-hive/graphql-gateways-benchmark,
// "constant-vus-over-time", federation): its four subgraphs, the supergraph composed over
// them, and the one query every gateway is asked. This is the entry the bench harness and
// tests use; serve.ts runs the same subgraphs as a process of their own.
import { composeServices } from '@apollo/composition'
import { parse } from 'graphql'
import { readFileSync } from 'node:fs'
import {
  PUBLIC_SUBGRAPH_SDL,
  PUBLIC_SUBGRAPHS,
  startPublicSubgraph,
  type PublicSubgraphName,
  type RunningPublicSubgraph,
} from './subgraphs.js'

export { PUBLIC_SUBGRAPH_SDL, PUBLIC_SUBGRAPHS, type PublicSubgraphName, type RunningPublicSubgraph }

/**
 * The benchmark's `TestQuery`, byte for byte as k6.js sends it (odd indentation and no
 * trailing newline included), so a request body here is the benchmark's request body.
 */
export const TEST_QUERY: string = readFileSync(new URL('./test-query.graphql', import.meta.url), 'utf8')

export interface PublicSubgraphs {
  /** Each subgraph's GraphQL endpoint, by name. */
  readonly urls: Record<PublicSubgraphName, string>
  /** The running subgraphs, for their execution counts. */
  readonly subgraphs: Record<PublicSubgraphName, RunningPublicSubgraph>
  stop(): Promise<void>
}

/**
 * Starts accounts, inventory, products and reviews on basePort+0..+3, or on free ports when
 * basePort is 0 (the default).
 */
export async function startPublicSubgraphs(options: { host?: string; basePort?: number } = {}): Promise<PublicSubgraphs> {
  const { host = '127.0.0.1', basePort = 0 } = options
  const started = await Promise.allSettled(
    PUBLIC_SUBGRAPHS.map((name, index) => startPublicSubgraph(name, { host, port: basePort === 0 ? 0 : basePort + index })),
  )
  const running = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []))
  const stop = async () => {
    await Promise.all(running.map((subgraph) => subgraph.stop()))
  }
  const failure = started.find((outcome) => outcome.status === 'rejected')
  if (failure) {
    await stop()
    throw failure.reason
  }
  const subgraphs = Object.fromEntries(running.map((subgraph) => [subgraph.name, subgraph])) as Record<
    PublicSubgraphName,
    RunningPublicSubgraph
  >
  const urls = Object.fromEntries(running.map((subgraph) => [subgraph.name, subgraph.url])) as Record<
    PublicSubgraphName,
    string
  >
  return { urls, subgraphs, stop }
}

/** Composes the four subgraphs into a supergraph routed to `urls`; throws with every composition error. */
export function composePublicSupergraph(urls: Record<string, string>): string {
  const result = composeServices(
    PUBLIC_SUBGRAPHS.map((name) => {
      const url = urls[name]
      if (!url) throw new Error(`composePublicSupergraph: no URL for the ${name} subgraph`)
      return { name, url, typeDefs: parse(PUBLIC_SUBGRAPH_SDL[name]) }
    }),
  )
  if (result.errors) {
    throw new Error(`The public supergraph does not compose:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`)
  }
  return result.supergraphSdl
}
