#!/usr/bin/env node
// The datamesh command. Packages ship TypeScript source; tsx compiles it on load.
import { setFlagsFromString } from 'node:v8'
import { register } from 'tsx/esm/api'

// Commands stream files and tables (ingest, seed, analytics) and make garbage at the rate
// they read; V8's default lets the heap grow to several times what is live before it
// collects. Growing it by a third at most keeps a million-row ingest near 200 MB of RSS
// instead of 300, at no cost in rows/s (npm run bench -- --workload ingest). Set before
// anything is loaded, as a command-line flag would be.
setFlagsFromString('--heap-growing-percent=30')

// A reader that went away (`datamesh audit --json | head -1`) ends the command quietly with
// exit code 0, as SIGPIPE ends `git log | head`: Node ignores SIGPIPE and reports EPIPE as
// an error on the stream instead, which would crash the command with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error
    process.exit(0)
  })
}

register()
const { main } = await import('../src/main.ts')
process.exitCode = await main(process.argv.slice(2))
