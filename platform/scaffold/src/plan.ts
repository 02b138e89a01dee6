// What `datamesh domain new` will write, before it writes anything: the domain, its port,
// its owner and its tables as inferred from the files. `--dry-run` prints this plan.
import type { TablePlan } from './infer/infer-table.js'

export interface Owner {
  readonly name: string
  readonly email: string
}

export interface DomainPlan {
  readonly name: string
  readonly description: string
  readonly port: number
  readonly owner: Owner
  readonly tables: readonly TablePlan[]
}

/** `Payments <payments@example.com>` or `payments@example.com`. */
export function parseOwner(text: string): Owner {
  const match = /^\s*(?:([^<>]+?)\s*<\s*([^<>\s]+@[^<>\s]+)\s*>|([^<>\s]+@[^<>\s]+))\s*$/.exec(text)
  if (!match) throw new Error(`--owner must be "Team name <team@example.com>" or an email address, got "${text}"`)
  const email = (match[2] ?? match[3])!
  return { name: match[1] ?? email.split('@')[0]!, email }
}
