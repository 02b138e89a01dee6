// `datamesh start` follows the supergraph file: a subgraph that appears in it (a domain
// just created and composed) gets its service started, `datamesh serve <name>`, supervised
// like the others; one that leaves it has its service stopped. The gateway reloads the same
// file on its own and answers for a new domain once its service does (meanwhile with
// partial data and an error naming it, as for any domain that is down). Only changes are
// followed: what the supergraph named at the start is what `--only` chose to run. A
// leaving service is stopped once the gateway serves the supergraph without it (or after a
// bounded wait), so the gateway does not route to it while it stops.
import { subgraphsOf, supergraphHash, watchSupergraph, type SupergraphWatch } from '@datamesh/gateway'
import { readFile } from 'node:fs/promises'
import type { MeshHandle } from './supervisor.js'

/** How often, and how many times, to ask whether the gateway serves the new supergraph before stopping a service it left. */
const SERVED_POLL_MS = 250
const SERVED_POLLS = 120

export interface FollowOptions {
  /** The hash of the supergraph the gateway serves now (its GET /ready), when it can tell. */
  readonly served?: () => Promise<string | undefined>
  readonly out?: NodeJS.WritableStream
}

async function untilServed(hash: string, served: FollowOptions['served']): Promise<boolean> {
  for (let poll = 0; served && poll < SERVED_POLLS; poll++) {
    if ((await served().catch(() => undefined)) === hash) return true
    await new Promise((resolve) => setTimeout(resolve, SERVED_POLL_MS))
  }
  return false
}

function namesIn(supergraphSdl: string): Set<string> | undefined {
  try {
    return new Set(subgraphsOf(supergraphSdl).map(({ name }) => name))
  } catch {
    // Not a supergraph: the gateway refuses it and says why; nothing to supervise from it.
    return undefined
  }
}

export async function followSupergraph(mesh: MeshHandle, file: string, options: FollowOptions = {}): Promise<SupergraphWatch> {
  const out = options.out ?? process.stdout
  const first = await readFile(file, 'utf8')
  let hash = supergraphHash(first)
  let named = namesIn(first) ?? new Set<string>()
  let following = Promise.resolve()
  const follow = async () => {
    const text = await readFile(file, 'utf8').catch(() => undefined)
    if (text === undefined || supergraphHash(text) === hash) return
    const names = namesIn(text)
    if (!names) return
    hash = supergraphHash(text)
    const supervised = new Set(mesh.services())
    for (const name of names) {
      if (named.has(name) || supervised.has(name)) continue
      out.write(`${name} | the supergraph names ${name} now: starting its service\n`)
      mesh.add(name)
    }
    const leaving = [...named].filter((name) => !names.has(name) && supervised.has(name))
    named = names
    if (leaving.length && !(await untilServed(hash, options.served))) {
      out.write(`the gateway does not serve the new supergraph (yet): stopping ${leaving.join(', ')} all the same\n`)
    }
    await Promise.all(
      leaving.map(async (name) => {
        out.write(`${name} | the supergraph no longer names ${name}: stopping its service\n`)
        await mesh.remove(name)
      }),
    )
  }
  return watchSupergraph(file, () => {
    following = following.then(follow, follow)
  })
}
