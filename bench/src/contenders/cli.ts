// What the benchmark's contenders share: each is a process the runner starts as
//   node --import tsx bench/src/contenders/<name>.ts --supergraph <file> --port <n> [--host <h>]
// that serves the supergraph on http://<host>:<port>/graphql, prints one READY line on stdout
// once it does, and exits 0 once it has closed its server and gateway on SIGTERM or SIGINT.
// A failure to start is one line on stderr and exit code 1.
import { readFile } from 'node:fs/promises'
import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime'
import { subgraphHeaders, subgraphNames, type SubgraphHeaders } from '../grant.js'

const USAGE = '--supergraph <file> --port <n> [--host <address>]'
const DEFAULT_HOST = '127.0.0.1'
/** How long a contender may take to close before it gives up and exits 1. */
const CLOSE_TIMEOUT_MS = 15_000

export interface ContenderArgs {
  /**
   * The supergraph file's text. The runner writes it loadable by any gateway (mesh.ts removes
   * the `for: SECURITY` marks bare @apollo/gateway refuses), the same for every contender.
   */
  readonly supergraphSdl: string
  readonly host: string
  readonly port: number
}

export interface RunningContender {
  /** The port it listens on (the one asked for, unless that was 0). */
  readonly port: number
  /** Closes the server and the gateway. */
  close(): Promise<void>
}

/** Parses the command line; throws an Error with a one-line message when it is wrong. */
export function parseContenderArgs(argv: readonly string[]): { supergraph: string; host: string; port: number } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      supergraph: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string', default: DEFAULT_HOST },
    },
    strict: true,
    allowPositionals: false,
  })
  if (!values.supergraph) throw new Error(`--supergraph is required (${USAGE})`)
  if (values.port === undefined) throw new Error(`--port is required (${USAGE})`)
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be an integer from 0 to 65535, got "${values.port}"`)
  return { supergraph: values.supergraph, host: values.host ?? DEFAULT_HOST, port }
}

/** The URL a contender serves GraphQL on. */
export function graphqlUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`
}

function fail(name: string, what: string, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error)
  process.stderr.write(`${name}: ${what}: ${message.split('\n')[0]}\n`)
  process.exit(1)
}

/**
 * Runs a contender: parses the arguments, reads the supergraph, starts it, prints
 * `READY {"url":...,"name":...}` and closes it on SIGTERM/SIGINT.
 */
export async function runContender(name: string, start: (args: ContenderArgs) => Promise<RunningContender>): Promise<void> {
  // A signal that arrives while the contender starts closes it as soon as it has started.
  let running: RunningContender | undefined
  let stopRequested = false
  let closing = false
  const stop = (): void => {
    stopRequested = true
    if (!running || closing) return
    closing = true
    setTimeout(() => fail(name, 'shutdown', new Error(`did not close within ${CLOSE_TIMEOUT_MS} ms`)), CLOSE_TIMEOUT_MS).unref()
    running.close().then(
      () => process.exit(0),
      (error: unknown) => fail(name, 'shutdown failed', error),
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)

  let args: ContenderArgs
  try {
    const { supergraph, host, port } = parseContenderArgs(process.argv.slice(2))
    let sdl: string
    try {
      sdl = await readFile(supergraph, 'utf8')
    } catch (error) {
      throw new Error(`cannot read the supergraph ${supergraph}: ${(error as Error).message}`, { cause: error })
    }
    args = { supergraphSdl: sdl, host, port }
  } catch (error) {
    fail(name, 'bad arguments', error)
  }
  // Some servers fail to start by an error event nobody listens to (Apollo's standalone
  // server on EADDRINUSE): that is a failure to start too, and gets the same one line.
  const crashedWhileStarting = (error: Error): never => fail(name, 'failed to start', error)
  process.on('uncaughtException', crashedWhileStarting)
  try {
    running = await start(args)
  } catch (error) {
    fail(name, 'failed to start', error)
  }
  process.off('uncaughtException', crashedWhileStarting)
  if (stopRequested) return stop()
  process.stdout.write(`READY ${JSON.stringify({ url: graphqlUrl(args.host, running.port), name })}\n`)
}

/**
 * Serves a request listener (such as a Hive Gateway runtime) with node:http; `close` stops
 * accepting connections, drops the open ones (keep-alive load-test connections would hold
 * the server open) and then runs `dispose`.
 */
export async function serveHttp(listener: RequestListener, host: string, port: number, dispose: () => Promise<void> | void): Promise<RunningContender> {
  const server = createServer(listener)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
      server.closeAllConnections()
      await closed
      await dispose()
    },
  }
}

/**
 * The Hive Gateway plugin that adds subgraphHeaders() (the bench subject's grant, signed for
 * the call's subgraph and body, when BENCH_SIGN_GRANTS is set) to every subgraph request.
 * Hive's own request-id plugin sets headers the same way.
 */
export function hiveSubgraphHeadersPlugin(supergraphSdl: string, headers: SubgraphHeaders = subgraphHeaders()): GatewayPlugin {
  const names = subgraphNames(supergraphSdl)
  return {
    onFetch({ url, options, setOptions }) {
      const subgraph = names.get(url)
      if (subgraph === undefined || typeof options.body !== 'string') return
      const extra = headers(subgraph, options.body)
      if (Object.keys(extra).length === 0) return
      setOptions({ ...options, headers: { ...options.headers, ...extra } })
    },
  }
}
