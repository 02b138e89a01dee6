import { describe, expect, it } from 'vitest'
import {
  downstream,
  fieldDownstream,
  fieldUpstream,
  LineageError,
  lineageGraph,
  loadProducts,
  neighbourhood,
  upstream,
  type Reached,
} from '../src/index.js'
import { domainsWithProducts, product } from './lineage-fixtures.js'

const reached = (list: readonly Reached<{ id: string } | { coordinate: string }>[]) =>
  Object.fromEntries(list.map(({ node, depth }) => ['id' in node ? node.id : node.coordinate, depth]))

// raw → clean → features → dashboard, with a second input (profiles) into features.
const chain = [
  product('ingest.raw', { types: ['RawEvent'] }),
  product('ingest.clean', { types: ['CleanEvent'], inputs: ['ingest.raw'] }),
  product('people.profiles', { types: ['Person'] }),
  product('ml.features', {
    types: ['Features'],
    inputs: [{ product: 'ingest.clean', version: '^1.0.0' }, 'people.profiles'],
    lineage: {
      'Features.activity': ['CleanEvent.count'],
      'Features.age': ['Person.birthDate'],
    },
  }),
  product('bi.dashboard', { types: ['Dashboard'], inputs: ['ml.features'], lineage: { 'Dashboard.score': ['Features.activity', 'Features.age'] } }),
  product('other.unrelated', { types: ['Thing'] }),
]

describe('the lineage graph of the mesh’s own descriptors', () => {
  const products = loadProducts(domainsWithProducts())
  const graph = lineageGraph(products)

  it('has a node for every product, with its domain, version and status', () => {
    expect(products.length).toBeGreaterThanOrEqual(5)
    for (const descriptor of products) {
      expect(graph.products).toContainEqual(
        expect.objectContaining({ id: descriptor.id, domain: descriptor.domain, version: descriptor.version, status: descriptor.status, types: descriptor.outputPort.types }),
      )
    }
    expect(graph.products.map((node) => node.id)).toEqual(expect.arrayContaining(['customers.profiles', 'catalog.products', 'orders.orders', 'fulfillment.inventory', 'fulfillment.shipments']))
  })

  it('has an edge from every declared input to the product made from it, and no other', () => {
    const declared = products.flatMap((descriptor) => descriptor.inputs.map((input) => `${input.product} -> ${descriptor.id}`))
    expect(graph.productEdges.map((edge) => `${edge.from} -> ${edge.to}`).sort()).toEqual([...new Set(declared)].sort())
    // Every input names a product of the mesh (the composition check guarantees it).
    expect(graph.products.filter((node) => node.status === 'missing')).toEqual([])
  })

  it('has an edge for every lineage entry, declared by the product that derives the field', () => {
    for (const descriptor of products) {
      for (const [derived, sources] of Object.entries(descriptor.lineage)) {
        expect(graph.fields).toContainEqual(expect.objectContaining({ coordinate: derived, product: descriptor.id }))
        for (const source of sources) expect(graph.fieldEdges).toContainEqual({ from: source, to: derived, product: descriptor.id })
      }
    }
    expect(graph.fieldEdges).toHaveLength(new Set(products.flatMap((d) => Object.entries(d.lineage).flatMap(([to, from]) => from.map((f) => `${f}>${to}`)))).size)
  })

  it('walks every product up and down without error', () => {
    for (const node of graph.products) {
      for (const { node: other } of [...upstream(graph, node.id), ...downstream(graph, node.id)]) expect(other.id).not.toBe(node.id)
    }
  })
})

describe('lineageGraph', () => {
  const graph = lineageGraph(chain)

  it('keeps the products in the order given, and the version ranges inputs ask for', () => {
    expect(graph.products.map((node) => node.id)).toEqual(chain.map((descriptor) => descriptor.id))
    expect(graph.productEdges).toContainEqual({ from: 'ingest.clean', to: 'ml.features', version: '^1.0.0' })
    expect(graph.productEdges).toContainEqual({ from: 'people.profiles', to: 'ml.features' })
  })

  it('adds an input that names no known product as a missing node in the domain its id names', () => {
    const withGap = lineageGraph([product('bi.report', { inputs: ['billing.invoices'] })])
    expect(withGap.products).toContainEqual({ id: 'billing.invoices', name: 'billing.invoices', domain: 'billing', status: 'missing', types: [] })
    expect(upstream(withGap, 'bi.report')).toEqual([{ node: expect.objectContaining({ id: 'billing.invoices' }), depth: 1 }])
  })

  it('links each field to the product deriving it, or else to the product publishing its type', () => {
    const field = (coordinate: string) => graph.fields.find((node) => node.coordinate === coordinate)
    expect(field('Features.activity')).toEqual({ coordinate: 'Features.activity', type: 'Features', field: 'activity', product: 'ml.features' })
    expect(field('CleanEvent.count')).toMatchObject({ type: 'CleanEvent', field: 'count', product: 'ingest.clean' })
    expect(field('Person.birthDate')).toMatchObject({ product: 'people.profiles' })
    expect(field('Dashboard.score')).toMatchObject({ product: 'bi.dashboard' })
  })

  it('leaves a field whose type no product publishes without a product', () => {
    const loose = lineageGraph([product('bi.report', { types: ['Report'], lineage: { 'Report.total': ['Ledger.amount'] } })])
    expect(loose.fields.find((node) => node.coordinate === 'Ledger.amount')).toEqual({ coordinate: 'Ledger.amount', type: 'Ledger', field: 'amount' })
  })

  it('lists a duplicated input or lineage source once', () => {
    const twice = lineageGraph([product('a.one'), product('b.two', { inputs: ['a.one', 'a.one'], lineage: { 'B.x': ['A.y', 'A.y'] } })])
    expect(twice.productEdges).toHaveLength(1)
    expect(twice.fieldEdges).toHaveLength(1)
  })
})

describe('upstream and downstream', () => {
  const graph = lineageGraph(chain)

  it('finds every product a product is made from, transitively, with its distance', () => {
    expect(reached(upstream(graph, 'bi.dashboard'))).toEqual({ 'ml.features': 1, 'ingest.clean': 2, 'people.profiles': 2, 'ingest.raw': 3 })
    expect(upstream(graph, 'bi.dashboard').map((r) => r.depth)).toEqual([1, 2, 2, 3])
  })

  it('finds every product made from a product, transitively, with its distance', () => {
    expect(reached(downstream(graph, 'ingest.raw'))).toEqual({ 'ingest.clean': 1, 'ml.features': 2, 'bi.dashboard': 3 })
    expect(downstream(graph, 'bi.dashboard')).toEqual([])
    expect(upstream(graph, 'other.unrelated')).toEqual([])
  })

  it('stops at the depth asked for', () => {
    expect(reached(upstream(graph, 'bi.dashboard', { depth: 1 }))).toEqual({ 'ml.features': 1 })
    expect(reached(downstream(graph, 'ingest.raw', { depth: 2 }))).toEqual({ 'ingest.clean': 1, 'ml.features': 2 })
    expect(upstream(graph, 'bi.dashboard', { depth: 0 })).toEqual([])
  })

  it('reports a product reachable two ways once, at the shorter distance', () => {
    const diamond = lineageGraph([product('a.source'), product('b.left', { inputs: ['a.source'] }), product('c.sink', { inputs: ['b.left', 'a.source'] })])
    expect(reached(upstream(diamond, 'c.sink'))).toEqual({ 'b.left': 1, 'a.source': 1 })
  })

  it('walks a cycle once round without listing the starting product', () => {
    const cycle = lineageGraph([product('a.one', { inputs: ['c.three'] }), product('b.two', { inputs: ['a.one'] }), product('c.three', { inputs: ['b.two'] })])
    expect(reached(upstream(cycle, 'a.one'))).toEqual({ 'c.three': 1, 'b.two': 2 })
    expect(reached(downstream(cycle, 'a.one'))).toEqual({ 'b.two': 1, 'c.three': 2 })
    const selfLoop = lineageGraph([product('a.one', { inputs: ['a.one'] })])
    expect(upstream(selfLoop, 'a.one')).toEqual([])
  })

  it('refuses a product the graph does not have', () => {
    expect(() => upstream(graph, 'no.such')).toThrow(LineageError)
    expect(() => downstream(graph, 'no.such')).toThrow('unknown product no.such')
  })
})

describe('fieldUpstream and fieldDownstream', () => {
  const graph = lineageGraph(chain)

  it('finds the fields a derived field is computed from, through other products’ lineage', () => {
    expect(reached(fieldUpstream(graph, 'Dashboard.score'))).toEqual({ 'Features.activity': 1, 'Features.age': 1, 'CleanEvent.count': 2, 'Person.birthDate': 2 })
    expect(fieldUpstream(graph, 'Dashboard.score', { depth: 1 }).map((r) => r.node.product)).toEqual(['ml.features', 'ml.features'])
  })

  it('finds the fields computed from a field', () => {
    expect(reached(fieldDownstream(graph, 'Person.birthDate'))).toEqual({ 'Features.age': 1, 'Dashboard.score': 2 })
  })

  it('walks a field cycle without looping', () => {
    const cycle = lineageGraph([product('a.one', { types: ['A'], lineage: { 'A.x': ['A.y'], 'A.y': ['A.x'] } })])
    expect(reached(fieldUpstream(cycle, 'A.x'))).toEqual({ 'A.y': 1 })
  })

  it('refuses a field no lineage names', () => {
    expect(() => fieldUpstream(graph, 'Nothing.here')).toThrow(LineageError)
  })
})

describe('neighbourhood', () => {
  const graph = lineageGraph(chain)

  it('keeps a product, everything upstream and downstream of it, and the lineage those declare', () => {
    const around = neighbourhood(graph, 'ingest.clean')
    expect(around.products.map((node) => node.id)).toEqual(['ingest.raw', 'ingest.clean', 'ml.features', 'bi.dashboard'])
    expect(around.productEdges.map((edge) => `${edge.from}>${edge.to}`)).toEqual(['ingest.raw>ingest.clean', 'ingest.clean>ml.features', 'ml.features>bi.dashboard'])
    // ml.features is downstream, so its lineage (including the profiles field it reads) stays.
    expect(around.fieldEdges).toContainEqual({ from: 'Person.birthDate', to: 'Features.age', product: 'ml.features' })
  })

  it('leaves out products neither upstream nor downstream, even a sibling input', () => {
    const around = neighbourhood(graph, 'people.profiles')
    expect(around.products.map((node) => node.id)).toEqual(['people.profiles', 'ml.features', 'bi.dashboard'])
    expect(neighbourhood(graph, 'other.unrelated').products.map((node) => node.id)).toEqual(['other.unrelated'])
  })
})
