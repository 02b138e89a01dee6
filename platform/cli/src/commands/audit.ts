// datamesh audit: read the audit trail.
import { defineCommand } from '../command.js'
import { UsageError } from '../usage-error.js'
import { numberOption } from '../options.js'

/** `--since`: a duration back from now (15m, 1h, 7d) or an ISO date. */
async function parseSince(value: string): Promise<Date> {
  const { parseDuration } = await import('@datamesh/kit')
  try {
    return new Date(Date.now() - parseDuration(value))
  } catch {
    const absolute = new Date(value)
    if (Number.isNaN(absolute.getTime())) throw new UsageError(`--since must be a duration such as 15m, 1h or 7d, or an ISO date, got "${value}"`)
    return absolute
  }
}

export const audit = defineCommand({
  name: 'audit',
  summary: 'print the audit trail: who read classified data, what was denied',
  usage: 'datamesh audit [--since <1h>] [--subject <id>] [--limit <n>] [--json]',
  help: `Prints audit events, newest first. The gateway records one for every request that
reads a classified field (pii, confidential, internal) or is denied a field: when, who
(subject and roles), for which purpose, which operation (name and sha256), from which
address, and the decision on each field. Events are written in batches off the request
path and flushed on shutdown. Works whether the mesh is running or not.

Options:
  --since <time>   how far back: 15m, 1h, 7d, or an ISO date (default 1h)
  --subject <id>   only this subject's events
  --limit <n>      at most this many events (default 100)
  --json           one JSON object per line instead of a table`,
  options: { since: { type: 'string' }, subject: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }) {
    const since = await parseSince(typeof values.since === 'string' ? values.since : '1h')
    const limit = numberOption(values.limit, 'limit', { integer: true, positive: true }) ?? 100
    const { openGovernanceStore, readAuditEvents } = await import('@datamesh/governance')
    const store = await openGovernanceStore({ role: 'cli' })
    try {
      const events = await readAuditEvents(store.db, { since, limit, ...(typeof values.subject === 'string' ? { subject: values.subject } : {}) })
      if (values.json) {
        for (const event of events) console.log(JSON.stringify(event))
        return 0
      }
      if (events.length === 0) {
        console.log(`no audit events since ${since.toISOString()}${typeof values.subject === 'string' ? ` for ${values.subject}` : ''}`)
        return 0
      }
      for (const event of events) {
        const who = `${event.subject ?? 'anonymous'}${event.roles.length ? ` [${event.roles.join(',')}]` : ''}`
        const fields = event.fields.map((field) => `${field.coordinate}=${field.effect}${field.policy ? `(${field.policy})` : ''}`).join(' ')
        console.log(
          `${event.occurred_at.toISOString()}  ${who.padEnd(22)} ${(event.purpose ?? '-').padEnd(10)} ${event.outcome.padEnd(8)} ${(event.operation_name ?? event.operation_hash.slice(0, 12)).padEnd(16)} ${event.client_address ?? '-'}  ${fields}`,
        )
      }
      return 0
    } finally {
      await store.close()
    }
  },
})
