// datamesh bench: the gateway measured side by side with its peers (what `npm run bench` runs).
import { BENCH_HELP, BENCH_OPTIONS, settingsFrom } from '@datamesh/bench/options'
import { defineCommand } from '../command.js'
import { UsageError } from '../usage-error.js'

const [usage, ...help] = BENCH_HELP.split('\n\n')

export const bench = defineCommand({
  name: 'bench',
  summary: 'measure the gateway against bare @apollo/gateway and Hive Gateway',
  usage: usage!.replace(/^Usage: /, ''),
  help: help.join('\n\n'),
  options: { ...BENCH_OPTIONS },
  async run({ argv }) {
    try {
      settingsFrom(argv)
    } catch (error) {
      throw new UsageError((error as Error).message)
    }
    const { benchMain } = await import('@datamesh/bench')
    return benchMain(argv)
  },
})
