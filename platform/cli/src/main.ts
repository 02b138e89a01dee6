// The datamesh command line: dispatch, --help, and one clear line on bad input.
import { parseArgs } from 'node:util'
import type { Command } from './command.js'
import { analytics } from './commands/analytics.js'
import { audit } from './commands/audit.js'
import { bench } from './commands/bench.js'
import { classify } from './commands/classify.js'
import { check } from './commands/check.js'
import { compose } from './commands/compose.js'
import { contract } from './commands/contract.js'
import { domain } from './commands/domain.js'
import { ingest } from './commands/ingest.js'
import { lineage } from './commands/lineage.js'
import { migrate } from './commands/migrate.js'
import { quality } from './commands/quality.js'
import { seed } from './commands/seed.js'
import { serve } from './commands/serve.js'
import { start } from './commands/start.js'
import { token } from './commands/token.js'
import { UsageError } from './usage-error.js'

export const commands: readonly Command[] = [start, serve, compose, check, domain, classify, ingest, migrate, seed, token, audit, lineage, quality, analytics, contract, bench]

function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length))
  return `DataMesh: a federated, governed GraphQL data access layer.

Usage: datamesh <command> [options]

Commands:
${commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}

Run \`datamesh <command> --help\` for a command's options.`
}

function commandHelp(command: Command): string {
  return `Usage: ${command.usage}\n\n${command.help}\n`
}

/** Runs the command line; resolves with the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((command) => command.name === rest[0]) : undefined
    console.log(topic ? commandHelp(topic) : overview())
    return 0
  }
  const command = commands.find((candidate) => candidate.name === name)
  if (!command) {
    console.error(`datamesh: unknown command "${name}"; the commands are ${commands.map((c) => c.name).join(', ')} (datamesh --help)`)
    return 2
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(commandHelp(command))
    return 0
  }
  try {
    const { values, positionals } = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true })
    const { min, max } = command.positionals ?? { min: 0, max: 0 }
    if (positionals.length < min || positionals.length > max) {
      throw new UsageError(positionals.length > max ? `unexpected argument "${positionals[max]}"` : `missing argument; usage: ${command.usage}`)
    }
    return await command.run({ values, positionals, argv: rest })
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    // Bad input gets one line; a failure (a composition error, say) may list several problems.
    const unknownOption = /^Unknown option '([^']+)'/.exec((error as Error).message)
    if (unknownOption) (error as Error).message = `unknown option ${unknownOption[1]}`
    const message = usage ? (error as Error).message.split('\n')[0] : (error as Error).message
    console.error(`datamesh ${command.name}: ${message}${usage ? ` (datamesh ${command.name} --help)` : ''}`)
    if (!usage && process.env.DATAMESH_DEBUG) console.error(error)
    return usage ? 2 : 1
  }
}
