#!/usr/bin/env node
// `npm run bench`. Packages ship TypeScript source; tsx compiles it on load.
import { register } from 'tsx/esm/api'

register()
const { benchMain } = await import('../src/main.ts')
process.exitCode = await benchMain(process.argv.slice(2))
