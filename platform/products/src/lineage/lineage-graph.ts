// Lineage as a graph, at two grains. The product graph has a node per data product and an
// edge from each of its `inputs` to it; the field graph has a node per field coordinate that
// some product's `lineage` names, and an edge from each upstream field to the field derived
// from it. Both are plain data (arrays of plain objects, JSON-serialisable), so a catalog can
// hand them on as they are; the walks below answer "what does this depend on" and "what
// depends on this", transitively, with the distance of each answer.
import type { DataProduct, ProductStatus } from '../descriptor/data-product.js'

/** A product's status, or `missing` for an input that names a product the mesh does not have. */
export type LineageStatus = ProductStatus | 'missing'

export interface ProductNode {
  /** The product id: `customers.profiles`. */
  readonly id: string
  readonly name: string
  readonly domain: string
  /** Absent only for a `missing` product. */
  readonly version?: string
  readonly status: LineageStatus
  /** The GraphQL types of its output port. */
  readonly types: readonly string[]
}

/** `from` is an input of `to`: data flows from → to. */
export interface ProductEdge {
  readonly from: string
  readonly to: string
  /** The semver range `to` requires of `from`, when it says. */
  readonly version?: string
}

export interface FieldNode {
  /** `Type.field`: `CustomerFeatures.lifetimeValue`. */
  readonly coordinate: string
  readonly type: string
  readonly field: string
  /**
   * The product the field belongs to: the product whose lineage derives it, else the first
   * product whose output port publishes its type. Absent when no product publishes the type.
   */
  readonly product?: string
}

/** `to` is computed from `from`, as the lineage of `product` declares. */
export interface FieldEdge {
  readonly from: string
  readonly to: string
  readonly product: string
}

export interface LineageGraph {
  /** In the order the products were given (missing inputs last). */
  readonly products: readonly ProductNode[]
  readonly productEdges: readonly ProductEdge[]
  /** Every coordinate some lineage names, in first-mention order. */
  readonly fields: readonly FieldNode[]
  readonly fieldEdges: readonly FieldEdge[]
}

/** A node a walk reached, and in how many steps (1 = a direct input or consumer). */
export interface Reached<Node> {
  readonly node: Node
  readonly depth: number
}

export interface WalkOptions {
  /** Stop after this many steps (default: no limit). */
  readonly depth?: number
}

/** A walk or a focus names a product or field the graph does not have. */
export class LineageError extends Error {}

function splitCoordinate(coordinate: string): { type: string; field: string } {
  const dot = coordinate.indexOf('.')
  return dot < 0 ? { type: coordinate, field: '' } : { type: coordinate.slice(0, dot), field: coordinate.slice(dot + 1) }
}

/** Builds both grains of lineage from the products' descriptors. */
export function lineageGraph(products: readonly DataProduct[]): LineageGraph {
  const nodes = new Map<string, ProductNode>()
  for (const product of products) {
    if (nodes.has(product.id)) continue
    nodes.set(product.id, {
      id: product.id,
      name: product.name,
      domain: product.domain,
      version: product.version,
      status: product.status,
      types: [...product.outputPort.types],
    })
  }

  const productEdges: ProductEdge[] = []
  const seenEdges = new Set<string>()
  for (const product of products) {
    for (const input of product.inputs) {
      const key = `${input.product}\n${product.id}`
      if (seenEdges.has(key)) continue
      seenEdges.add(key)
      productEdges.push({ from: input.product, to: product.id, ...(input.version ? { version: input.version } : {}) })
    }
  }
  for (const edge of productEdges) {
    if (nodes.has(edge.from)) continue
    const dot = edge.from.indexOf('.')
    nodes.set(edge.from, { id: edge.from, name: edge.from, domain: dot > 0 ? edge.from.slice(0, dot) : edge.from, status: 'missing', types: [] })
  }

  // Who owns a field: the product that derives it wins over one that merely publishes its type.
  const derivedBy = new Map<string, string>()
  const publishedBy = new Map<string, string>()
  for (const product of products) {
    for (const derived of Object.keys(product.lineage)) if (!derivedBy.has(derived)) derivedBy.set(derived, product.id)
    for (const type of product.outputPort.types) if (!publishedBy.has(type)) publishedBy.set(type, product.id)
  }

  const fields = new Map<string, FieldNode>()
  const addField = (coordinate: string) => {
    if (fields.has(coordinate)) return
    const { type, field } = splitCoordinate(coordinate)
    const product = derivedBy.get(coordinate) ?? publishedBy.get(type)
    fields.set(coordinate, { coordinate, type, field, ...(product ? { product } : {}) })
  }
  const fieldEdges: FieldEdge[] = []
  const seenFieldEdges = new Set<string>()
  for (const product of products) {
    for (const [derived, sources] of Object.entries(product.lineage)) {
      addField(derived)
      for (const source of sources) {
        addField(source)
        const key = `${source}\n${derived}`
        if (seenFieldEdges.has(key)) continue
        seenFieldEdges.add(key)
        fieldEdges.push({ from: source, to: derived, product: product.id })
      }
    }
  }

  return { products: [...nodes.values()], productEdges, fields: [...fields.values()], fieldEdges }
}

type Direction = 'up' | 'down'

/** Breadth-first, so each node is reported once at its shortest distance; cycles end the walk. */
function walk(edges: readonly { from: string; to: string }[], start: string, direction: Direction, maxDepth: number): Map<string, number> {
  const next = new Map<string, string[]>()
  for (const edge of edges) {
    const [here, there] = direction === 'up' ? [edge.to, edge.from] : [edge.from, edge.to]
    const list = next.get(here) ?? []
    list.push(there)
    next.set(here, list)
  }
  const reached = new Map<string, number>()
  const seen = new Set([start])
  let frontier = [start]
  for (let depth = 1; frontier.length > 0 && depth <= maxDepth; depth++) {
    const following: string[] = []
    for (const id of frontier) {
      for (const neighbour of next.get(id) ?? []) {
        if (seen.has(neighbour)) continue
        seen.add(neighbour)
        reached.set(neighbour, depth)
        following.push(neighbour)
      }
    }
    frontier = following
  }
  return reached
}

function productWalk(graph: LineageGraph, productId: string, direction: Direction, options: WalkOptions): Reached<ProductNode>[] {
  const byId = new Map(graph.products.map((node) => [node.id, node]))
  if (!byId.has(productId)) throw new LineageError(`unknown product ${productId}`)
  const reached = walk(graph.productEdges, productId, direction, options.depth ?? Infinity)
  return [...reached].map(([id, depth]) => ({ node: byId.get(id) as ProductNode, depth }))
}

function fieldWalk(graph: LineageGraph, coordinate: string, direction: Direction, options: WalkOptions): Reached<FieldNode>[] {
  const byCoordinate = new Map(graph.fields.map((node) => [node.coordinate, node]))
  if (!byCoordinate.has(coordinate)) throw new LineageError(`no lineage names the field ${coordinate}`)
  const reached = walk(graph.fieldEdges, coordinate, direction, options.depth ?? Infinity)
  return [...reached].map(([id, depth]) => ({ node: byCoordinate.get(id) as FieldNode, depth }))
}

/**
 * The products `productId` is made from, directly (depth 1) or through others, nearest
 * first. The product itself is never listed, even when a cycle leads back to it.
 * Throws a LineageError when the graph has no such product.
 */
export function upstream(graph: LineageGraph, productId: string, options: WalkOptions = {}): Reached<ProductNode>[] {
  return productWalk(graph, productId, 'up', options)
}

/** The products made from `productId`, directly (depth 1) or through others, nearest first. */
export function downstream(graph: LineageGraph, productId: string, options: WalkOptions = {}): Reached<ProductNode>[] {
  return productWalk(graph, productId, 'down', options)
}

/**
 * The fields `coordinate` is computed from, nearest first: `fieldUpstream(graph,
 * 'CustomerFeatures.lifetimeValue')`. Throws a LineageError when no lineage names the field.
 */
export function fieldUpstream(graph: LineageGraph, coordinate: string, options: WalkOptions = {}): Reached<FieldNode>[] {
  return fieldWalk(graph, coordinate, 'up', options)
}

/** The fields computed from `coordinate`, directly or through others, nearest first. */
export function fieldDownstream(graph: LineageGraph, coordinate: string, options: WalkOptions = {}): Reached<FieldNode>[] {
  return fieldWalk(graph, coordinate, 'down', options)
}

/**
 * The part of the graph around one product: the product, everything upstream and everything
 * downstream of it, the edges among those, and the field lineage those products declare or
 * own. Throws a LineageError when the graph has no such product.
 */
export function neighbourhood(graph: LineageGraph, productId: string): LineageGraph {
  const keep = new Set([productId, ...upstream(graph, productId).map((r) => r.node.id), ...downstream(graph, productId).map((r) => r.node.id)])
  const fieldEdges = graph.fieldEdges.filter((edge) => keep.has(edge.product))
  const named = new Set(fieldEdges.flatMap((edge) => [edge.from, edge.to]))
  return {
    products: graph.products.filter((node) => keep.has(node.id)),
    productEdges: graph.productEdges.filter((edge) => keep.has(edge.from) && keep.has(edge.to)),
    fields: graph.fields.filter((node) => named.has(node.coordinate) || (node.product !== undefined && keep.has(node.product))),
    fieldEdges,
  }
}
