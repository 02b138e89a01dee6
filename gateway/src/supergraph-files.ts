// The committed schema files: `schemas/<domain>.graphql` (each subgraph's SDL),
// `schemas/supergraph.graphql` (the composition) and `schemas/supergraph.yaml` (Rover's
// config listing the subgraphs, so `rover supergraph compose` gives the same result).
import { schemasDirectory } from '@datamesh/kit'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'yaml'
import type { SubgraphSource } from './compose.js'

export const FEDERATION_VERSION = '2.14.4'

export function supergraphPath(directory = schemasDirectory): string {
  return join(directory, 'supergraph.graphql')
}

export function readSupergraph(directory = schemasDirectory): string {
  try {
    return readFileSync(supergraphPath(directory), 'utf8')
  } catch {
    throw new Error(`no supergraph at ${supergraphPath(directory)}: run \`npx datamesh compose\` first`)
  }
}

export function roverConfig(subgraphs: readonly SubgraphSource[]): string {
  const entries = Object.fromEntries(
    subgraphs.map(({ name, url }) => [name, { routing_url: url, schema: { file: `./${name}.graphql` } }]),
  )
  return `# Rover's supergraph config: \`rover supergraph compose --config schemas/supergraph.yaml\`.\n# Written by \`npx datamesh compose\`; do not edit by hand.\n${stringify({ federation_version: `=${FEDERATION_VERSION}`, subgraphs: entries })}`
}

export interface SchemaFiles {
  readonly [file: string]: string
}

/** Every file `datamesh compose` writes, keyed by name relative to `schemas/`. */
export function schemaFiles(subgraphs: readonly SubgraphSource[], supergraph: string): SchemaFiles {
  return {
    ...Object.fromEntries(subgraphs.map(({ name, sdl }) => [`${name}.graphql`, sdl])),
    'supergraph.graphql': supergraph,
    'supergraph.yaml': roverConfig(subgraphs),
  }
}

/**
 * Writes each file whole, by renaming a finished copy over it: a running gateway watching
 * the supergraph never reads one half written.
 */
export function writeSchemaFiles(files: SchemaFiles, directory = schemasDirectory): void {
  mkdirSync(directory, { recursive: true })
  for (const [name, text] of Object.entries(files)) {
    const finished = join(directory, `.${name}.${process.pid}.tmp`)
    writeFileSync(finished, text)
    renameSync(finished, join(directory, name))
  }
}

/** Files whose committed text differs from `files` (missing counts as different). */
export function staleSchemaFiles(files: SchemaFiles, directory = schemasDirectory): string[] {
  return Object.entries(files)
    .filter(([name, text]) => {
      try {
        return readFileSync(join(directory, name), 'utf8') !== text
      } catch {
        return true
      }
    })
    .map(([name]) => name)
}
