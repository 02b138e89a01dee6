// datamesh contract: every data product as an ODCS v3.1.0 data contract, and the check that
// a change breaks none of them.
import { defineCommand } from '../command.js'
import { gatewayUrlOption } from '../options.js'
import { UsageError } from '../usage-error.js'

export const contract = defineCommand({
  name: 'contract',
  summary: 'export each data product as an ODCS data contract; check for breaking changes',
  usage: 'datamesh contract export <product-id> | export --all [--out <dir>] [--check] | check [--base <git-ref>]',
  help: `Data contracts in the Open Data Contract Standard (ODCS) v3.1.0, one per data product,
made from its descriptor (subgraphs/<domain>/products/*.yaml) and the supergraph
(schemas/supergraph.graphql): every field of its output types with its type, nullability,
classification (@tag), mask and access rules, its quality rules, SLAs, team, roles and
support. Every contract is checked against the official ODCS JSON Schema before it is
printed or written.

  export <product-id>   print the product's contract as YAML
  export --all          write every contract to <dir>/<product-id>.odcs.yaml (and remove
                        contract files of products that no longer exist)
  check                 compare the committed state (--base) with the working tree and
                        exit 1 listing every breaking change: API schema changes that break
                        clients (graphql-inspector), contract changes that break consumers
                        (a removed product, object, property or root field, a retyped
                        property, one that became required, a stricter classification or
                        access rule), and deprecations whose reason has no date (YYYY-MM-DD).
                        An intended breaking change passes when every product it breaks
                        has a major version bump of its descriptor against the base and,
                        for a removed or retyped field, argument or enum value, the base
                        had it @deprecated with a date in the reason (docs/ci.md)

Options:
  --all                  export every product's contract
  --out <dir>            where --all writes (default: contracts/ at the repository root)
  --check                with --all: write nothing; exit 1 if a file in <dir> is stale
  --gateway-url <url>    the servers entry of the contracts (default DATAMESH_GATEWAY_URL,
                         else http://localhost:<GATEWAY_PORT or 4000>/graphql)
  --base <git-ref>       what check compares against (default HEAD)`,
  options: {
    all: { type: 'boolean' },
    out: { type: 'string' },
    check: { type: 'boolean' },
    'gateway-url': { type: 'string' },
    base: { type: 'string' },
  },
  positionals: { min: 1, max: 2 },
  async run({ values, positionals }) {
    const [action, productId] = positionals
    const { gatewayUrl: gatewayUrlOf } = await import('@datamesh/kit')
    if (action === 'export') {
      if (values.base !== undefined) throw new UsageError('--base is an option of contract check, not of export')
      const gatewayUrl = gatewayUrlOption(values['gateway-url'], gatewayUrlOf())
      if (values.all && productId !== undefined) throw new UsageError(`give a product id or --all, not both`)
      if (!values.all && productId === undefined) throw new UsageError('name the product to export, or pass --all')
      if (!values.all && (values.out !== undefined || values.check)) throw new UsageError('--out and --check go with --all')
      const { relative, resolve } = await import('node:path')
      const { contractsDirectory, exportWorkingTreeContracts, staleContractFiles } = await import('../mesh/contracts.js')
      const exported = exportWorkingTreeContracts(gatewayUrl)
      if (!values.all) {
        const found = exported.find(({ contract }) => contract.id === productId)
        if (!found) throw new UsageError(`unknown product ${productId}; the products are ${exported.map(({ contract }) => contract.id).join(', ')}`)
        process.stdout.write(found.yaml)
        return 0
      }
      const directory = typeof values.out === 'string' ? resolve(values.out) : contractsDirectory
      const nearby = relative(process.cwd(), directory)
      const where = nearby === '' ? '.' : nearby.startsWith('..') ? directory : nearby
      if (values.check) {
        const stale = staleContractFiles(exported, directory)
        if (stale.length) {
          console.error(`stale: ${stale.map((name) => `${where}/${name}`).join(', ')}; run \`npx datamesh contract export --all\` and commit the result`)
          return 1
        }
        console.log(`${where}/ is up to date (${exported.length} contracts)`)
        return 0
      }
      const { mkdirSync, readdirSync, rmSync, writeFileSync } = await import('node:fs')
      const { join } = await import('node:path')
      mkdirSync(directory, { recursive: true })
      for (const { fileName, yaml } of exported) {
        writeFileSync(join(directory, fileName), yaml)
        console.log(`wrote ${where}/${fileName}`)
      }
      for (const name of readdirSync(directory).filter((file) => file.endsWith('.odcs.yaml'))) {
        if (exported.some(({ fileName }) => fileName === name)) continue
        rmSync(join(directory, name))
        console.log(`removed ${where}/${name} (no such product any more)`)
      }
      return 0
    }
    if (action === 'check') {
      if (productId !== undefined) throw new UsageError(`unexpected argument "${productId}"`)
      if (values.all || values.out !== undefined || values.check) throw new UsageError('--all, --out and --check are options of contract export, not of check')
      const gatewayUrl = gatewayUrlOption(values['gateway-url'], gatewayUrlOf())
      const base = typeof values.base === 'string' ? values.base : 'HEAD'
      const { checkContracts } = await import('../mesh/contract-check.js')
      const check = await checkContracts(base, gatewayUrl)
      for (const line of check.lines) console.log(line)
      return check.refused.length ? 1 : 0
    }
    throw new UsageError(`unknown action "${action}"; use export or check`)
  },
})
