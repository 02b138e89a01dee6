// Lineage as a picture: Mermaid (which GitHub renders in Markdown), Graphviz DOT, and SVG laid
// out by Graphviz compiled to WebAssembly (the wasm ships inside the npm package, so rendering
// needs no network and no system Graphviz). Products are grouped by domain; in the field view,
// fields are grouped by the product that owns them (or by type, when no product does).
import { neighbourhood, type FieldNode, type LineageGraph, type LineageStatus, type ProductNode } from './lineage-graph.js'

export interface RenderOptions {
  /** Draw the field graph (field → derived field) instead of the product graph. */
  readonly fields?: boolean
  /** Only this product, its upstream and its downstream; it is drawn highlighted. */
  readonly focus?: string
}

interface Group {
  readonly key: string
  readonly label: string
  readonly status?: LineageStatus
  readonly fields: FieldNode[]
}

interface DomainFields {
  readonly domain: string
  readonly groups: Group[]
}

const EMPTY_PRODUCTS = 'No data products'
const EMPTY_FIELDS = 'No product declares field lineage'

function prepare(graph: LineageGraph, options: RenderOptions): LineageGraph {
  return options.focus === undefined ? graph : neighbourhood(graph, options.focus)
}

function domainOfId(id: string): string {
  const dot = id.indexOf('.')
  return dot > 0 ? id.slice(0, dot) : id
}

/** Products by domain, domains in order of first appearance. */
function productsByDomain(graph: LineageGraph): Map<string, ProductNode[]> {
  const domains = new Map<string, ProductNode[]>()
  for (const node of graph.products) domains.set(node.domain, [...(domains.get(node.domain) ?? []), node])
  return domains
}

/**
 * Fields by domain and owning product, in the order of the products; fields whose product is
 * not in the graph come after, and fields no product owns last, grouped by type.
 */
function fieldsByDomain(graph: LineageGraph): DomainFields[] {
  const products = new Map(graph.products.map((node) => [node.id, node]))
  const domains = new Map<string, Map<string, Group>>()
  for (const node of graph.products) {
    const groups = domains.get(node.domain) ?? new Map<string, Group>()
    groups.set(`product:${node.id}`, { key: `product:${node.id}`, label: `${node.name}\n${node.id}`, status: node.status, fields: [] })
    domains.set(node.domain, groups)
  }
  const unowned = new Map<string, Group>()
  for (const field of graph.fields) {
    let groups = unowned
    let key = `type:${field.type}`
    if (field.product !== undefined) {
      const domain = products.get(field.product)?.domain ?? domainOfId(field.product)
      groups = domains.get(domain) ?? new Map<string, Group>()
      domains.set(domain, groups)
      key = `product:${field.product}`
    }
    const group = groups.get(key) ?? { key, label: field.product ?? `${field.type} (no product)`, fields: [] }
    group.fields.push(field)
    groups.set(key, group)
  }
  const result: DomainFields[] = []
  for (const [domain, groups] of domains) {
    const filled = [...groups.values()].filter((group) => group.fields.length > 0)
    if (filled.length) result.push({ domain, groups: filled })
  }
  if (unowned.size) result.push({ domain: '', groups: [...unowned.values()] })
  return result
}

function productDetail(node: ProductNode): string {
  if (node.status === 'missing') return `${node.id} · not in this mesh`
  return `${node.id} · v${node.version ?? '?'} · ${node.status}`
}

/** Stable, unique identifiers made of letters, digits and `_`, for languages stricter than ours. */
class Identifiers {
  private readonly byName = new Map<string, string>()
  private readonly used = new Set<string>()

  id(prefix: string, name: string): string {
    const known = this.byName.get(`${prefix}\n${name}`)
    if (known) return known
    const base = `${prefix}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`
    let candidate = base
    for (let n = 2; this.used.has(candidate); n++) candidate = `${base}_${n}`
    this.used.add(candidate)
    this.byName.set(`${prefix}\n${name}`, candidate)
    return candidate
  }
}

// ---------------------------------------------------------------------------------------------
// Mermaid

/** Text inside a quoted Mermaid label: quotes, markup and `#` become entity codes, line breaks `<br/>`. */
function mermaidText(text: string): string {
  return text.replace(/[#"<>&`]/g, (char) => `#${char.charCodeAt(0)};`).replace(/\r?\n/g, '<br/>')
}

const MERMAID_CLASSES: Readonly<Record<Exclude<LineageStatus, 'active'> | 'focus', string>> = {
  draft: 'fill:#ffffff,stroke:#6e7781,stroke-dasharray:4 3',
  deprecated: 'fill:#fff4d6,stroke:#bf8700,stroke-dasharray:6 3',
  retired: 'fill:#eeeeee,stroke:#8c959f,color:#6e7781,stroke-dasharray:2 2',
  missing: 'fill:#ffebe9,stroke:#cf222e,stroke-dasharray:6 3',
  focus: 'stroke-width:3px',
}

/** A Mermaid flowchart (left to right, a subgraph per domain), for Markdown that GitHub renders. */
export function toMermaid(whole: LineageGraph, options: RenderOptions = {}): string {
  const graph = prepare(whole, options)
  const ids = new Identifiers()
  const lines = ['flowchart LR']
  const classes = new Map<string, string[]>()
  const classify = (name: string, id: string) => classes.set(name, [...(classes.get(name) ?? []), id])

  if (!options.fields) {
    if (graph.products.length === 0) lines.push(`  empty["${mermaidText(EMPTY_PRODUCTS)}"]`)
    for (const [domain, nodes] of productsByDomain(graph)) {
      lines.push(`  subgraph ${ids.id('d', domain)}["${mermaidText(domain)}"]`)
      for (const node of nodes) {
        const id = ids.id('p', node.id)
        lines.push(`    ${id}["<b>${mermaidText(node.name)}</b><br/>${mermaidText(productDetail(node))}"]`)
        if (node.status !== 'active') classify(node.status, id)
        if (node.id === options.focus) classify('focus', id)
      }
      lines.push('  end')
    }
    for (const edge of graph.productEdges) {
      const label = edge.version ? `|"${mermaidText(edge.version)}"|` : ''
      lines.push(`  ${ids.id('p', edge.from)} -->${label} ${ids.id('p', edge.to)}`)
    }
  } else {
    if (graph.fields.length === 0) lines.push(`  empty["${mermaidText(EMPTY_FIELDS)}"]`)
    for (const { domain, groups } of fieldsByDomain(graph)) {
      const indent = domain ? '    ' : '  '
      if (domain) lines.push(`  subgraph ${ids.id('d', domain)}["${mermaidText(domain)}"]`)
      for (const group of groups) {
        const status = group.status && group.status !== 'active' ? ` · ${group.status}` : ''
        lines.push(`${indent}subgraph ${ids.id('g', group.key)}["${mermaidText(group.label + status)}"]`)
        for (const field of group.fields) {
          const id = ids.id('f', field.coordinate)
          lines.push(`${indent}  ${id}["${mermaidText(field.coordinate)}"]`)
          if (group.status && group.status !== 'active') classify(group.status, id)
          if (options.focus !== undefined && field.product === options.focus) classify('focus', id)
        }
        lines.push(`${indent}end`)
      }
      if (domain) lines.push('  end')
    }
    for (const edge of graph.fieldEdges) lines.push(`  ${ids.id('f', edge.from)} --> ${ids.id('f', edge.to)}`)
  }

  for (const [name, members] of classes) {
    lines.push(`  classDef ${name} ${MERMAID_CLASSES[name as keyof typeof MERMAID_CLASSES]}`)
    lines.push(`  class ${members.join(',')} ${name}`)
  }
  return `${lines.join('\n')}\n`
}

// ---------------------------------------------------------------------------------------------
// DOT

/** A double-quoted DOT string; line breaks become centred line breaks, nothing else is special. */
function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`
}

function dotAttributes(attributes: Readonly<Record<string, string | number | undefined>>): string {
  const pairs = Object.entries(attributes).filter(([, value]) => value !== undefined)
  return pairs.length ? ` [${pairs.map(([key, value]) => `${key}=${typeof value === 'number' ? value : dotString(value as string)}`).join(', ')}]` : ''
}

const DOT_STATUS: Readonly<Record<LineageStatus, Readonly<Record<string, string>>>> = {
  active: { style: 'rounded,filled', fillcolor: '#e8f1fb', color: '#2f6db5' },
  draft: { style: 'rounded,filled,dashed', fillcolor: '#ffffff', color: '#6e7781' },
  deprecated: { style: 'rounded,filled,dashed', fillcolor: '#fff4d6', color: '#bf8700' },
  retired: { style: 'rounded,filled,dotted', fillcolor: '#eeeeee', color: '#8c959f', fontcolor: '#6e7781' },
  missing: { style: 'rounded,filled,dashed', fillcolor: '#ffebe9', color: '#cf222e', fontcolor: '#cf222e' },
}

/** Data leaving a deprecated, retired or missing product is drawn dashed, in its colour. */
function dotEdgeStyle(from: LineageStatus | undefined): Record<string, string> {
  return from === 'deprecated' || from === 'retired' || from === 'missing' ? { style: 'dashed', color: DOT_STATUS[from].color as string } : {}
}

/**
 * Graphviz DOT: a cluster per domain, products as boxes labelled with name, id, version and
 * status (draft dashed, deprecated amber and dashed, retired grey and dotted, missing inputs
 * red); with `fields`, a cluster per owning product inside its domain's.
 */
export function toDot(whole: LineageGraph, options: RenderOptions = {}): string {
  const graph = prepare(whole, options)
  const ids = new Identifiers()
  const status = new Map(graph.products.map((node) => [node.id, node.status]))
  const title = `${options.fields ? 'Field lineage' : 'Data product lineage'}${options.focus ? ` around ${options.focus}` : ''}`
  const lines = [
    'digraph lineage {',
    `  graph${dotAttributes({ rankdir: 'LR', fontname: 'Helvetica', fontsize: 12, label: title, labelloc: 't', nodesep: 0.3, ranksep: 0.8, newrank: 'true' })};`,
    `  node${dotAttributes({ shape: 'box', style: 'rounded,filled', fontname: 'Helvetica', fontsize: 10, margin: '0.15,0.06' })};`,
    `  edge${dotAttributes({ color: '#57606a', arrowsize: 0.7, fontname: 'Helvetica', fontsize: 9 })};`,
  ]
  const cluster = (indent: string, key: string, label: string, attributes: Record<string, string | number | undefined>) =>
    lines.push(`${indent}subgraph ${dotString(ids.id('cluster', key))} {`, `${indent}  graph${dotAttributes({ label, ...attributes })};`)

  if (!options.fields) {
    if (graph.products.length === 0) lines.push(`  empty${dotAttributes({ shape: 'plaintext', style: '', label: EMPTY_PRODUCTS })};`)
    for (const [domain, nodes] of productsByDomain(graph)) {
      cluster('  ', `domain:${domain}`, domain, { style: 'rounded,filled', fillcolor: '#f6f8fa', color: '#d0d7de', fontcolor: '#24292f' })
      for (const node of nodes) {
        const focused = node.id === options.focus ? { penwidth: '2.5' } : {}
        lines.push(`    ${dotString(node.id)}${dotAttributes({ ...DOT_STATUS[node.status], ...focused, label: `${node.name}\n${productDetail(node)}` })};`)
      }
      lines.push('  }')
    }
    for (const edge of graph.productEdges) {
      lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)}${dotAttributes({ ...dotEdgeStyle(status.get(edge.from)), label: edge.version })};`)
    }
  } else {
    if (graph.fields.length === 0) lines.push(`  empty${dotAttributes({ shape: 'plaintext', style: '', label: EMPTY_FIELDS })};`)
    const owner = new Map(graph.fields.map((field) => [field.coordinate, field.product]))
    for (const { domain, groups } of fieldsByDomain(graph)) {
      const indent = domain ? '    ' : '  '
      if (domain) cluster('  ', `domain:${domain}`, domain, { style: 'rounded,filled', fillcolor: '#f6f8fa', color: '#d0d7de' })
      for (const group of groups) {
        const look = group.status ? DOT_STATUS[group.status] : DOT_STATUS.draft
        const focused = group.key === `product:${options.focus}`
        const statusText = group.status && group.status !== 'active' ? ` · ${group.status}` : ''
        cluster(indent, group.key, group.label + statusText, { style: look.style, fillcolor: look.fillcolor, color: look.color, penwidth: focused ? '2.5' : undefined })
        for (const field of group.fields) lines.push(`${indent}  ${dotString(field.coordinate)}${dotAttributes({ style: 'filled', fillcolor: '#ffffff', color: '#8c959f', label: field.coordinate })};`)
        lines.push(`${indent}}`)
      }
      if (domain) lines.push('  }')
    }
    for (const edge of graph.fieldEdges) {
      const from = owner.get(edge.from)
      lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)}${dotAttributes(dotEdgeStyle(from === undefined ? undefined : status.get(from)))};`)
    }
  }
  lines.push('}')
  return `${lines.join('\n')}\n`
}

// ---------------------------------------------------------------------------------------------
// SVG

type GraphvizModule = typeof import('@hpcc-js/wasm-graphviz')
let graphviz: Promise<Awaited<ReturnType<GraphvizModule['Graphviz']['load']>>> | undefined

/** The DOT drawing laid out by Graphviz (WebAssembly, loaded once, offline): an SVG document. */
export async function toSvg(graph: LineageGraph, options: RenderOptions = {}): Promise<string> {
  const dot = toDot(graph, options)
  graphviz ??= import('@hpcc-js/wasm-graphviz').then(({ Graphviz }) => Graphviz.load())
  return (await graphviz).dot(dot, 'svg')
}
