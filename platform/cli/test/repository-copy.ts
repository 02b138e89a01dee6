// A throwaway copy of the repository for tests that change it as a domain team would: the
// working tree's files (tracked and untracked, not ignored), its installed dependencies as
// hard links (an `npm install` in the copy replaces links, never the original's files), and
// a git history of its own with one commit. Everything runs in child processes without
// blocking the test worker, so a slow machine cannot stall vitest's own messages.
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { repositoryRoot } from '@datamesh/kit'

const run = promisify(execFile)

export interface RepositoryCopy {
  readonly root: string
  /** Runs git in the copy with a test identity; resolves to its standard output. */
  git(...args: string[]): Promise<string>
  remove(): Promise<void>
}

export async function copyRepository(prefix: string, message = 'the mesh as it was'): Promise<RepositoryCopy> {
  const root = await mkdtemp(join(tmpdir(), `datamesh-${prefix}-`))
  const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repositoryRoot, maxBuffer: 64 * 1024 * 1024 })
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(repositoryRoot, file))) continue
    await mkdir(dirname(join(root, file)), { recursive: true })
    await cp(join(repositoryRoot, file), join(root, file))
  }
  const modules = await run('find', ['.', '-maxdepth', '3', '-name', 'node_modules', '-not', '-path', './node_modules/*'], { cwd: repositoryRoot })
  for (const folder of modules.stdout.split('\n').filter(Boolean)) await run('cp', ['-al', join(repositoryRoot, folder), join(root, folder)])
  const git = async (...args: string[]) => (await run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: root, encoding: 'utf8' })).stdout
  await git('init', '-q', '-b', 'main')
  await git('add', '-A')
  await git('commit', '-qm', message)
  return { root, git, remove: () => rm(root, { recursive: true, force: true }) }
}
