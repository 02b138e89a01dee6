#!/usr/bin/env node
// The datamesh command. Packages ship TypeScript source; tsx compiles it on load.
import { register } from 'tsx/esm/api'

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
