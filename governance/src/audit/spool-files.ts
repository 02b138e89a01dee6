// The spool's files: `chain` (the spool's random chain id), `segment-<first seq>.jsonl` (one
// chained event per line, appended in order) and `shipped.json` (the last event the store
// acknowledged). Shared by the spool that writes them and the reader that verifies them.
import { randomUUID } from 'node:crypto'
import { open, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GENESIS_HASH, type ChainedEvent } from './audit-chain.js'

const SEGMENT_FILE = /^segment-(\d{12})\.jsonl$/

export interface Segment {
  readonly firstSeq: number
  readonly path: string
  /** Bytes known to be durable (for the newest segment) or the whole file (older ones). */
  bytes: number
}

export const segmentName = (firstSeq: number) => `segment-${String(firstSeq).padStart(12, '0')}.jsonl`

function parseEntry(line: string): ChainedEvent | undefined {
  try {
    const entry = JSON.parse(line) as ChainedEvent
    return typeof entry.chain === 'string' && Number.isInteger(entry.seq) && typeof entry.hash === 'string' && entry.event ? entry : undefined
  } catch {
    return undefined
  }
}

/** The complete lines of a buffer, each with the offset just past its newline. */
export function* linesOf(buffer: Buffer): Generator<{ entry: ChainedEvent | undefined; end: number }> {
  let start = 0
  for (let newline = buffer.indexOf(10, start); newline >= 0; newline = buffer.indexOf(10, start)) {
    yield { entry: parseEntry(buffer.toString('utf8', start, newline)), end: newline + 1 }
    start = newline + 1
  }
}

export async function readRange(path: string, from: number, to: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(to - from)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, from)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export async function listSegments(directory: string): Promise<Segment[]> {
  const names = await readdir(directory)
  return names
    .flatMap((name) => {
      const match = SEGMENT_FILE.exec(name)
      return match ? [{ firstSeq: Number(match[1]), path: join(directory, name), bytes: 0 }] : []
    })
    .sort((a, b) => a.firstSeq - b.firstSeq)
}

export async function chainIdOf(directory: string): Promise<string> {
  const path = join(directory, 'chain')
  try {
    return (await readFile(path, 'utf8')).trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const handle = await open(path, 'wx')
  try {
    await handle.writeFile(randomUUID())
    await handle.sync()
  } finally {
    await handle.close()
  }
  await syncDirectory(directory)
  return (await readFile(path, 'utf8')).trim()
}

export async function readShipped(directory: string): Promise<{ seq: number; hash: string }> {
  try {
    const shipped = JSON.parse(await readFile(join(directory, 'shipped.json'), 'utf8')) as { seq: number; hash: string }
    return { seq: shipped.seq, hash: shipped.hash }
  } catch {
    return { seq: 0, hash: GENESIS_HASH }
  }
}

/** The last complete event of a segment; a torn line after it (a crash mid-write, never synced, never acknowledged) is cut off. */
export async function recoverTail(segment: Segment): Promise<ChainedEvent | undefined> {
  const buffer = await readFile(segment.path)
  let last: ChainedEvent | undefined
  let end = 0
  for (const line of linesOf(buffer)) {
    if (line.entry) {
      last = line.entry
      end = line.end
    }
  }
  if (end < buffer.length) {
    const handle = await open(segment.path, 'r+')
    try {
      await handle.truncate(end)
      await handle.sync()
    } finally {
      await handle.close()
    }
  }
  segment.bytes = end
  return last
}
