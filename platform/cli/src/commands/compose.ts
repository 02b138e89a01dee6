// datamesh compose: write each domain's SDL and the composed supergraph under schemas/.
import { relative } from 'node:path'
import { defineCommand } from '../command.js'

export const compose = defineCommand({
  name: 'compose',
  summary: 'compose the domains into schemas/supergraph.graphql',
  usage: 'datamesh compose [--check]',
  help: `Prints each domain's subgraph SDL to schemas/<domain>.graphql, composes them with
@apollo/composition into schemas/supergraph.graphql, and lists the subgraphs in
schemas/supergraph.yaml (Rover's format). Fails, listing every problem, when the
subgraphs do not compose.

Options:
  --check   write nothing; exit 1 if a committed file differs from what compose would write`,
  options: { check: { type: 'boolean' } },
  async run({ values }) {
    const { staleSchemaFiles, subgraphsOf, writeSchemaFiles } = await import('@datamesh/gateway')
    const { schemasDirectory } = await import('@datamesh/kit')
    const { composeMesh } = await import('../mesh/compose-mesh.js')
    const files = await composeMesh()
    const where = relative(process.cwd(), schemasDirectory) || '.'
    if (values.check) {
      const stale = staleSchemaFiles(files)
      if (stale.length) {
        console.error(`stale: ${stale.map((name) => `${where}/${name}`).join(', ')}; run \`npx datamesh compose\` and commit the result`)
        return 1
      }
      console.log(`${where}/ is up to date`)
      return 0
    }
    writeSchemaFiles(files)
    const subgraphs = subgraphsOf(files['supergraph.graphql'] as string)
    console.log(`composed ${subgraphs.length} subgraphs (${subgraphs.map((s) => s.name).join(', ')}) into ${where}/supergraph.graphql`)
    return 0
  },
})
