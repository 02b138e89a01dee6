// What a datamesh command is: a name, its help text, its options (node:util parseArgs
// syntax) and what it does. `main` handles --help, bad options and errors for all of them.
import type { ParseArgsConfig } from 'node:util'

export type Options = NonNullable<ParseArgsConfig['options']>

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>
  readonly positionals: readonly string[]
  /** The arguments as given, for a command that hands them on (bench). */
  readonly argv: readonly string[]
}

export interface Command {
  readonly name: string
  readonly summary: string
  /** The full --help text after the usage line. */
  readonly usage: string
  readonly help: string
  readonly options: Options
  readonly positionals?: { readonly min: number; readonly max: number }
  /** Resolves with the exit code. */
  run(args: ParsedArgs): Promise<number>
}

export function defineCommand(command: Command): Command {
  return command
}
