// `datamesh start` follows the supergraph file: a subgraph that appears in it (a domain
// just created and composed) gets its service started, `datamesh serve <name>`, supervised
// like the others; one that leaves it has its service stopped. The gateway reloads the same
// file on its own and answers for a new domain once its service does (meanwhile with
// partial data and an error naming it, as for any domain that is down). Only changes are
// followed: what the supergraph named at the start is what `--only` chose to run.
import { subgraphsOf, supergraphHash, watchSupergraph, type SupergraphWatch } from '@datamesh/gateway'
import { readFile } from 'node:fs/promises'
import type { MeshHandle } from './supervisor.js'

function namesIn(supergraphSdl: string): Set<string> | undefined {
  try {
    return new Set(subgraphsOf(supergraphSdl).map(({ name }) => name))
  } catch {
    // Not a supergraph: the gateway refuses it and says why; nothing to supervise from it.
    return undefined
  }
}

export async function followSupergraph(mesh: MeshHandle, file: string, out: NodeJS.WritableStream = process.stdout): Promise<SupergraphWatch> {
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
