// Tells when the supergraph file may have changed. The directory is watched, not the file:
// an editor or a tool that writes a new file and renames it over the old one replaces the
// file's inode, which a watch on the file itself stops seeing. Events come in bursts (one
// write is often several); they are gathered into one call after a short quiet time. The
// caller compares contents: a file touched but not changed must change nothing.
import { watch } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'

/** How long the directory stays quiet before a burst of events counts as one change. */
const QUIET_MS = 150

export interface SupergraphWatch {
  close(): void
}

export function watchSupergraph(file: string, onChange: () => void, quietMs = QUIET_MS): SupergraphWatch {
  const path = resolve(file)
  const name = basename(path)
  let timer: NodeJS.Timeout | undefined
  const watcher = watch(dirname(path), { persistent: false }, (_event, changed) => {
    // Some platforms do not say which file changed: then any change may be this one.
    if (changed !== null && changed.toString() !== name) return
    clearTimeout(timer)
    timer = setTimeout(onChange, quietMs)
  })
  return {
    close: () => {
      clearTimeout(timer)
      watcher.close()
    },
  }
}
