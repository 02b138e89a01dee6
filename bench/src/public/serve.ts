// Runs the public benchmark's four subgraphs as a process of their own, so that they do not
// share an event loop (or a CPU profile) with the gateway under test:
//
//   node --import tsx bench/src/public/serve.ts --base-port 6101 [--host 127.0.0.1] [--supergraph-out <file>]
//
// accounts, inventory, products and reviews listen on base-port+0..+3 (base port 0: free
// ports). Once they are up, and the supergraph is written if asked, it prints one line,
// `READY {"urls":{...},"supergraph":<file or null>}`, and serves until SIGTERM or SIGINT.
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { composePublicSupergraph, startPublicSubgraphs } from './index.js'

const DEFAULT_BASE_PORT = 6101

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_BASE_PORT
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65_532) throw new Error(`--base-port: not a usable port: ${text}`)
  return port
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'base-port': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'supergraph-out': { type: 'string' },
    },
  })
  const subgraphs = await startPublicSubgraphs({ host: values.host, basePort: parsePort(values['base-port']) })

  let stopping = false
  const shutdown = () => {
    if (stopping) return
    stopping = true
    subgraphs.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', shutdown)
  process.on('SIGINT', shutdown)

  let supergraph: string | null = null
  const out = values['supergraph-out']
  if (out) {
    supergraph = resolve(out)
    try {
      writeFileSync(supergraph, composePublicSupergraph(subgraphs.urls))
    } catch (error) {
      await subgraphs.stop()
      throw error
    }
  }
  process.stdout.write(`READY ${JSON.stringify({ urls: subgraphs.urls, supergraph })}\n`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
