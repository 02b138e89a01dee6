#!/usr/bin/env node
// The datamesh command. Packages ship TypeScript source; tsx compiles it on load.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/main.ts')
process.exitCode = await main(process.argv.slice(2))
