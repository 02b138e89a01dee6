// datamesh lineage: draw the lineage of the data products, as Mermaid, DOT or SVG.
import { defineCommand } from '../command.js'
import { UsageError } from '../usage-error.js'

const FORMATS = ['mermaid', 'dot', 'svg'] as const
type Format = (typeof FORMATS)[number]

export const lineage = defineCommand({
  name: 'lineage',
  summary: 'draw the lineage of the data products (Mermaid, DOT or SVG)',
  usage: 'datamesh lineage [product-id] [--format mermaid|dot|svg] [--fields] [--out <file>]',
  help: `Draws the mesh's data products and what each is made from, as every domain declares
them in subgraphs/<domain>/products/*.yaml: one box per product, grouped by domain, with an
arrow from each input to the product made from it. Deprecated, retired and draft products
are drawn in their own style; an input that names no product of the mesh is drawn in red.
With --fields, draws field lineage instead: which fields each derived field is computed from,
grouped by the product that owns them. With a product id, draws only that product, everything
upstream of it and everything downstream. Reads the descriptors only: the mesh need not run.

Options:
  --format <f>   mermaid (default; GitHub renders it in Markdown), dot (Graphviz), or svg
                 (laid out by Graphviz compiled to WebAssembly, no install needed)
  --fields       field-level lineage instead of product-level
  --out <file>   write to this file instead of standard output

Examples:
  datamesh lineage
  datamesh lineage orders.orders --format dot
  datamesh lineage --format svg --out docs/lineage.svg`,
  options: { format: { type: 'string' }, fields: { type: 'boolean' }, out: { type: 'string' } },
  positionals: { min: 0, max: 1 },
  async run({ values, positionals }) {
    const format = (typeof values.format === 'string' ? values.format : 'mermaid') as Format
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be mermaid, dot or svg, got "${String(values.format)}"`)
    const focus = positionals[0]
    const { discoverDomains } = await import('@datamesh/kit')
    const { writeFileSync } = await import('node:fs')
    const { resolve } = await import('node:path')
    const { lineageGraph, loadProducts, neighbourhood, toDot, toMermaid, toSvg } = await import('@datamesh/products')

    // Every domain package, whether or not its service is built yet.
    const domains = discoverDomains().map((found) => found.name)
    const graph = lineageGraph(loadProducts(domains))
    if (focus !== undefined && !graph.products.some((node) => node.id === focus)) {
      const known = graph.products.filter((node) => node.status !== 'missing').map((node) => node.id)
      throw new UsageError(`unknown product ${focus}; the products are ${known.join(', ')}`)
    }

    const options = { fields: values.fields === true, ...(focus !== undefined ? { focus } : {}) }
    const drawing = format === 'svg' ? await toSvg(graph, options) : format === 'dot' ? toDot(graph, options) : toMermaid(graph, options)
    if (typeof values.out === 'string') {
      writeFileSync(resolve(values.out), drawing.endsWith('\n') ? drawing : `${drawing}\n`)
      const shown = focus === undefined ? graph : neighbourhood(graph, focus)
      const size = options.fields ? `${shown.fields.length} fields, ${shown.fieldEdges.length} edges` : `${shown.products.length} products, ${shown.productEdges.length} edges`
      console.log(`wrote ${values.out} (${size})`)
    } else {
      process.stdout.write(drawing.endsWith('\n') ? drawing : `${drawing}\n`)
    }
    return 0
  },
})
