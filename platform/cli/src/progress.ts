// Progress on long work, on stderr: one line rewritten in place on a terminal, a line per
// step (not per chunk) when output goes to a file or a CI log. Results go to stdout.
export interface Progress {
  update(label: string, done: number, total: number | undefined): void
  /**
   * Rows streamed from a file: the count, the rate and the time left, judged by the bytes
   * read of the file's size. A terminal sees it live; a log gets a line every few seconds.
   */
  rows(label: string, rows: number, bytesRead: number, totalBytes: number): void
  done(line: string): void
  /** Takes the live line away before an error is told on stderr. */
  clear(): void
}

/** How often a log (not a terminal) is told how a long stream goes. */
const LOG_EVERY_MS = 5_000
/** At most this often is a terminal's line rewritten. */
const REDRAW_EVERY_MS = 100

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?'
  if (seconds < 60) return `${Math.ceil(seconds)} s`
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, now: () => number = () => performance.now()): Progress {
  const live = Boolean(stream.isTTY)
  let lastLabel = ''
  let started = 0
  let lastWritten = 0
  let toldFinished = false
  return {
    update(label, done, total) {
      const amount = total ? `${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${Math.floor((done / total) * 100)}%)` : done.toLocaleString('en-US')
      if (live) {
        stream.write(`\r\u001b[2K  ${label}: ${amount}`)
      } else if (label !== lastLabel) {
        stream.write(`  ${label} ...\n`)
      }
      lastLabel = label
    },
    rows(label, rows, bytesRead, totalBytes) {
      const at = now()
      if (label !== lastLabel) {
        lastLabel = label
        started = at
        lastWritten = at - LOG_EVERY_MS
        toldFinished = false
      }
      const finished = totalBytes > 0 && bytesRead >= totalBytes
      if (finished ? toldFinished && !live : at - lastWritten < (live ? REDRAW_EVERY_MS : LOG_EVERY_MS)) return
      lastWritten = at
      toldFinished ||= finished
      const seconds = (at - started) / 1000
      const rate = seconds > 0 ? rows / seconds : 0
      const fraction = totalBytes > 0 ? bytesRead / totalBytes : 0
      const left = fraction > 0 ? (seconds * (1 - fraction)) / fraction : Number.POSITIVE_INFINITY
      const text = `${label}: ${rows.toLocaleString('en-US')} rows, ${Math.round(rate).toLocaleString('en-US')} rows/s, ${Math.floor(fraction * 100)}% read, ${finished ? 'checking and writing' : `${formatSeconds(left)} left`}`
      if (live) {
        const width = 24
        const filled = Math.round(fraction * width)
        stream.write(`\r\u001b[2K  [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}`)
      } else {
        stream.write(`  ${text}\n`)
      }
    },
    done(line) {
      if (live) stream.write('\r\u001b[2K')
      lastLabel = ''
      process.stdout.write(`${line}\n`)
    },
    clear() {
      if (live) stream.write('\r\u001b[2K')
      lastLabel = ''
    },
  }
}
