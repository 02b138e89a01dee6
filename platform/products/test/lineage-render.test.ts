import { describe, expect, it } from 'vitest'
import { lineageGraph, loadProducts, toDot, toMermaid, toSvg } from '../src/index.js'
import { domainsWithProducts, isSvgDocument, product, svgText } from './lineage-fixtures.js'

const mesh = lineageGraph([
  product('crm.accounts', { name: 'Accounts', types: ['Account'] }),
  product('sales.orders', { name: 'Orders', types: ['Order'], inputs: ['crm.accounts'] }),
  product('sales.legacy-orders', { name: 'Legacy orders', status: 'deprecated', types: ['LegacyOrder'] }),
  product('sales.archive', { name: 'Archive', status: 'retired', types: ['Archived'] }),
  product('ml.features', {
    name: 'Features',
    status: 'draft',
    types: ['Features'],
    inputs: [{ product: 'sales.orders', version: '^1.2.0' }, 'sales.legacy-orders'],
    lineage: { 'Features.spend': ['Order.total', 'LegacyOrder.total'], 'Features.region': ['Account.country'] },
  }),
  product('ops.unrelated', { name: 'Unrelated', types: ['Unrelated'] }),
])

// A name that breaks naive quoting in every language we write.
const hostile = lineageGraph([
  product('evil.source', { name: 'Say "hi" <script>alert(1)</script> & #1 \\N end' }),
  product('evil.sink', { name: 'end', inputs: ['evil.source'] }),
])

const mermaidNode = /^\s+([A-Za-z0-9_]+)\["([^"]*)"\]$/

describe('toMermaid', () => {
  it('draws a left-to-right flowchart with a subgraph per domain, a node per product and an arrow per input', () => {
    const text = toMermaid(mesh)
    expect(text.startsWith('flowchart LR\n')).toBe(true)
    for (const domain of ['crm', 'sales', 'ml', 'ops']) expect(text).toMatch(new RegExp(`^  subgraph d_${domain}\\["${domain}"\\]$`, 'm'))
    for (const node of mesh.products) expect(text).toContain(node.id)
    expect(text).toMatch(/^ {2}p_crm_accounts --> p_sales_orders$/m)
    expect(text).toMatch(/^ {2}p_sales_orders -->\|"\^1\.2\.0"\| p_ml_features$/m)
    expect(text).toMatch(/^ {2}p_sales_legacy_orders --> p_ml_features$/m)
    expect(text.match(/-->/g)).toHaveLength(mesh.productEdges.length)
    // Subgraphs open and close in balance.
    expect(text.match(/^\s*subgraph /gm)?.length).toBe(text.match(/^\s*end$/gm)?.length)
  })

  it('shows version and status, and styles deprecated, retired and draft products', () => {
    const text = toMermaid(mesh)
    expect(text).toContain('sales.legacy-orders · v1.0.0 · deprecated')
    expect(text).toMatch(/^ {2}classDef deprecated .+$/m)
    expect(text).toMatch(/^ {2}class p_sales_legacy_orders deprecated$/m)
    expect(text).toMatch(/^ {2}class p_sales_archive retired$/m)
    expect(text).toMatch(/^ {2}class p_ml_features draft$/m)
  })

  it('escapes names so that quotes, markup and # cannot break out of a label', () => {
    const text = toMermaid(hostile)
    const nodes = text.split('\n').filter((line) => mermaidNode.test(line))
    expect(nodes).toHaveLength(2)
    expect(text).not.toContain('<script>')
    expect(text).toContain('Say #34;hi#34; #60;script#62;alert(1)#60;/script#62; #38; #35;1 \\N end')
    // A product called "end" does not end a subgraph: ids are prefixed.
    expect(text).toMatch(/^ {2}p_evil_source --> p_evil_sink$/m)
  })

  it('with fields, draws each field inside its product’s subgraph and an arrow per lineage source', () => {
    const text = toMermaid(mesh, { fields: true })
    expect(text).toMatch(/subgraph g_product_ml_features\["Features<br\/>ml\.features · draft"\]/)
    for (const field of mesh.fields) expect(text).toContain(`["${field.coordinate}"]`)
    expect(text).toMatch(/^ {2}f_Order_total --> f_Features_spend$/m)
    expect(text).toMatch(/^ {2}f_LegacyOrder_total --> f_Features_spend$/m)
    expect(text).toMatch(/^ {2}f_Account_country --> f_Features_region$/m)
  })

  it('with a focus, draws only that product’s upstream and downstream, highlighted', () => {
    const text = toMermaid(mesh, { focus: 'sales.orders' })
    for (const id of ['crm.accounts', 'sales.orders', 'ml.features']) expect(text).toContain(id)
    for (const id of ['ops.unrelated', 'sales.archive', 'sales.legacy-orders']) expect(text).not.toContain(id)
    expect(text).toMatch(/^ {2}class p_sales_orders focus$/m)
  })

  it('says so when there is nothing to draw', () => {
    expect(toMermaid(lineageGraph([product('a.one')]), { fields: true })).toBe('flowchart LR\n  empty["No product declares field lineage"]\n')
  })
})

describe('toDot', () => {
  it('draws a cluster per domain and a box per product, with an edge per input', () => {
    const text = toDot(mesh)
    expect(text).toMatch(/^digraph lineage \{\n/)
    expect(text).toMatch(/rankdir="LR"/)
    expect(text).toMatch(/node \[shape="box"/)
    for (const domain of ['crm', 'sales', 'ml', 'ops']) expect(text).toContain(`subgraph "cluster_domain_${domain}" {`)
    expect(text).toContain('"crm.accounts" -> "sales.orders";')
    expect(text).toContain('"sales.orders" -> "ml.features" [label="^1.2.0"];')
    expect(text.match(/ -> /g)).toHaveLength(mesh.productEdges.length)
    expect(text).toContain('label="Accounts\\ncrm.accounts · v1.0.0 · active"')
  })

  it('styles deprecated (dashed, amber), retired (dotted, grey) and missing inputs (red), and dashes data leaving a deprecated product', () => {
    const text = toDot(lineageGraph([...[product('a.old', { status: 'deprecated' }), product('a.gone', { status: 'retired' })], product('b.new', { inputs: ['a.old', 'z.nowhere'] })]))
    expect(text).toMatch(/"a\.old" \[style="rounded,filled,dashed", fillcolor="#fff4d6", color="#bf8700", label="a\.old\\na\.old · v1\.0\.0 · deprecated"\]/)
    expect(text).toMatch(/"a\.gone" \[style="rounded,filled,dotted", fillcolor="#eeeeee"/)
    expect(text).toMatch(/"z\.nowhere" \[[^\]]*color="#cf222e"[^\]]*label="z\.nowhere\\nz\.nowhere · not in this mesh"\]/)
    expect(text).toContain('"a.old" -> "b.new" [style="dashed", color="#bf8700"];')
  })

  it('escapes quotes and backslashes in names', () => {
    const text = toDot(hostile)
    expect(text).toContain('label="Say \\"hi\\" <script>alert(1)</script> & #1 \\\\N end\\nevil.source · v1.0.0 · active"')
  })

  it('with fields, nests a cluster per product inside its domain’s and draws field edges', () => {
    const text = toDot(mesh, { fields: true })
    expect(text).toMatch(/subgraph "cluster_domain_ml" \{\n.*\n {4}subgraph "cluster_product_ml_features" \{/)
    expect(text).toContain('"Order.total" -> "Features.spend";')
    expect(text).toContain('"LegacyOrder.total" -> "Features.spend" [style="dashed", color="#bf8700"];')
  })

  it('with a focus, keeps only the neighbourhood and thickens the focused box', () => {
    const text = toDot(mesh, { focus: 'crm.accounts' })
    expect(text).toContain('penwidth="2.5"')
    expect(text).not.toContain('ops.unrelated')
    expect(text).not.toContain('sales.archive')
  })
})

describe('toSvg', () => {
  it('renders a valid SVG document that names every product', async () => {
    const svg = await toSvg(mesh)
    expect(isSvgDocument(svg)).toBe(true)
    for (const node of mesh.products) expect(svgText(svg)).toContain(node.id)
  })

  it('renders the mesh’s own products, at both grains', async () => {
    const graph = lineageGraph(loadProducts(domainsWithProducts()))
    const svg = await toSvg(graph)
    expect(isSvgDocument(svg)).toBe(true)
    for (const node of graph.products) expect(svgText(svg)).toContain(node.id)
    const fields = await toSvg(graph, { fields: true })
    expect(isSvgDocument(fields)).toBe(true)
    for (const field of graph.fields) expect(svgText(fields)).toContain(field.coordinate)
  })

  it('escapes hostile names into XML text', async () => {
    const svg = await toSvg(hostile)
    expect(isSvgDocument(svg)).toBe(true)
    expect(svg).not.toContain('<script>')
    expect(svg).toContain('Say &quot;hi&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; #1 \\N end')
  })

  it('renders field lineage and a focused neighbourhood', async () => {
    const svg = await toSvg(mesh, { fields: true, focus: 'ml.features' })
    expect(isSvgDocument(svg)).toBe(true)
    for (const coordinate of ['Features.spend', 'Order.total', 'Account.country']) expect(svgText(svg)).toContain(coordinate)
  })
})

describe('isSvgDocument, the check the SVG tests rely on', () => {
  it('tells a well-formed SVG document from broken ones', () => {
    expect(isSvgDocument('<?xml version="1.0"?>\n<svg a="1"><g><text>x &amp; y</text></g><path d="M0"/></svg>\n')).toBe(true)
    expect(isSvgDocument('<svg><g></svg>')).toBe(false)
    expect(isSvgDocument('<svg><text>a & b</text></svg>')).toBe(false)
    expect(isSvgDocument('<svg><text>a < b</text></svg>')).toBe(false)
    expect(isSvgDocument('<html></html>')).toBe(false)
    expect(isSvgDocument('<svg></svg><svg></svg>')).toBe(false)
  })
})
