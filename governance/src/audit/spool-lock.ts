// One gateway per spool directory: `lock` holds the pid of the process using it. A live
// holder is an error; a dead one's lock is taken over.
import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { isAlive } from '@datamesh/kit'
import { join } from 'node:path'

/** Spool directories this process holds: a lock with our own pid that is not here was left by an earlier process (a container's pid 1). */
const held = new Set<string>()

export async function takeLock(directory: string): Promise<string> {
  const path = join(directory, 'lock')
  for (;;) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' })
      held.add(directory)
      return path
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const text = await readFile(path, 'utf8').catch(() => '')
    const pid = Number(text.trim())
    if (!text.trim()) {
      // Being written by a process that is taking it, or left empty by one that crashed.
      const age = Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? 0)
      if (age < 2_000) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        continue
      }
    } else if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && (pid !== process.pid || held.has(directory))) {
      throw new Error(`the audit spool ${directory} is in use by process ${pid}: run one gateway per spool (set DATAMESH_AUDIT_SPOOL), or remove ${path} if no gateway runs`)
    }
    await rm(path, { force: true })
  }
}

export async function releaseLock(directory: string): Promise<void> {
  held.delete(directory)
  await rm(join(directory, 'lock'), { force: true })
}
