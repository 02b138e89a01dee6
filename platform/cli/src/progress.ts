// Progress on long work, on stderr: one line rewritten in place on a terminal, a line per
// step (not per chunk) when output goes to a file or a CI log. Results go to stdout.
export interface Progress {
  update(label: string, done: number, total: number | undefined): void
  done(line: string): void
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const live = Boolean(stream.isTTY)
  let lastLabel = ''
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
    done(line) {
      if (live) stream.write('\r\u001b[2K')
      lastLabel = ''
      process.stdout.write(`${line}\n`)
    },
  }
}
