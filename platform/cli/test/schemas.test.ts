import { composeSupergraph, staleSchemaFiles, subgraphsOf } from '@datamesh/gateway'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { composeMesh } from '../src/mesh/compose-mesh.js'
import { loadMesh } from '../src/mesh/domains.js'
import { globalPolicies, lintSupergraph } from '@datamesh/governance'
import { discoverDomains, schemasDirectory } from '@datamesh/kit'

const scratch = mkdtempSync(join(tmpdir(), 'datamesh-schemas-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('the committed schemas', () => {
  it('are what `datamesh compose` writes from the code (run it and commit when this fails)', async () => {
    expect(staleSchemaFiles(await composeMesh())).toEqual([])
  })

  it('are reported stale when a subgraph SDL or the supergraph differs', async () => {
    const files = await composeMesh()
    cpSync(schemasDirectory, scratch, { recursive: true })
    writeFileSync(join(scratch, 'orders.graphql'), (files['orders.graphql'] as string).replace('total: Float!', 'total: Float'))
    expect(staleSchemaFiles(files, scratch)).toEqual(['orders.graphql'])
    rmSync(join(scratch, 'supergraph.graphql'))
    expect(staleSchemaFiles(files, scratch)).toEqual(['orders.graphql', 'supergraph.graphql'])
  })

  it('pass the governance lint with the global policies and every domain\'s policies', async () => {
    // The domain policies are what @datamesh/catalog, customers, fulfillment and orders export as `policies`.
    const { domains, policies } = await loadMesh()
    expect(domains.map((domain) => domain.name).sort()).toEqual(discoverDomains().map((found) => found.name).sort())
    const supergraph = readFileSync(new URL('../../../schemas/supergraph.graphql', import.meta.url), 'utf8')
    expect(lintSupergraph(supergraph, new Set([...globalPolicies, ...policies].map((policy) => policy.name)))).toEqual([])
  })

  it('list every subgraph in a Rover config whose files exist', async () => {
    const config = parse(readFileSync(join(schemasDirectory, 'supergraph.yaml'), 'utf8'))
    const supergraph = readFileSync(join(schemasDirectory, 'supergraph.graphql'), 'utf8')
    const routes = subgraphsOf(supergraph)
    expect(Object.keys(config.subgraphs).sort()).toEqual(routes.map((route) => route.name).sort())
    for (const route of routes) {
      expect(config.subgraphs[route.name].routing_url).toBe(route.url)
      expect(readFileSync(join(schemasDirectory, config.subgraphs[route.name].schema.file), 'utf8')).toContain('@link(url: "https://specs.apollo.dev/federation/')
    }
  })

  it('fail composition with every problem listed when subgraphs disagree', () => {
    const sdl = (name: string, type: string) => `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query { ${name}: Thing }
      type Thing @key(fields: "id") { id: ID! size: ${type} }`
    expect(() =>
      composeSupergraph([
        { name: 'a', url: 'http://a/graphql', sdl: sdl('a', 'Int') },
        { name: 'b', url: 'http://b/graphql', sdl: sdl('b', 'String') },
      ]),
    ).toThrow(/composition failed:\n {2}- .*Thing\.size/)
  })
})
