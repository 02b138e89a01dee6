// Where the mesh lives on disk: the repository root (found from this file, not the
// working directory, so every command agrees) and the git-ignored data directory.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

function findRepositoryRoot(start: string): string {
  let dir = start
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown }
      if (Array.isArray(pkg.workspaces)) return dir
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`no npm workspace root above ${start}`)
    dir = parent
  }
}

/** The monorepo root: `DATAMESH_HOME` if set, else the workspace root above this package. */
export const repositoryRoot: string = process.env.DATAMESH_HOME
  ? resolve(process.env.DATAMESH_HOME)
  : findRepositoryRoot(dirname(fileURLToPath(import.meta.url)))

/** Where embedded databases, dev keys and other local state live (git-ignored). */
export function dataDirectory(): string {
  return process.env.DATAMESH_DATA_DIR ? resolve(process.env.DATAMESH_DATA_DIR) : join(repositoryRoot, '.data')
}

/** The committed schemas: each subgraph's SDL, the supergraph and Rover's config. */
export const schemasDirectory: string = join(repositoryRoot, 'schemas')
