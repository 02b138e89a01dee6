// datamesh audit: read the audit trail; datamesh audit verify: check its hash chains.
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
  summary: 'print the audit trail (who read classified data, what was denied), or verify its hash chain',
  usage: 'datamesh audit [--since <1h>] [--subject <id>] [--limit <n>] [--json] | datamesh audit verify',
  help: `Prints audit events, newest first. The gateway records one for every request that
reads a classified field (pii, confidential, internal) or is denied a field: when, who
(subject and roles), for which purpose, which operation (name and sha256), from which
address, and the decision on each field.

Such a request is answered only once its event is durable in the gateway's local spool
(DATAMESH_AUDIT_SPOOL, default .data/audit-spool/), which ships it to the governance store
behind the answer and keeps it across crashes until the store has it. When auditing is
impossible (the spool cannot be written, or the store is unreachable) the gateway refuses
such requests with AUDIT_UNAVAILABLE (503) before executing them; DATAMESH_AUDIT=best-effort
answers them anyway and keeps the events in the spool until the store is back. The trail is
a hash chain (HMAC-SHA256 under DATAMESH_AUDIT_KEY, one chain per spool), and the services
that write it may only insert. Works whether the mesh is running or not.

Options:
  --since <time>   how far back: 15m, 1h, 7d, or an ISO date (default 1h)
  --subject <id>   only this subject's events
  --limit <n>      at most this many events (default 100)
  --json           one JSON object per line instead of a table

datamesh audit verify walks every chain in the store in order, with the audit key
(DATAMESH_AUDIT_KEY, or the development key in .data/keys/audit.key), and reports the first
broken link of each: an event changed after it was written, a sequence number missing, a
previous hash that is not the previous event's. When it can read the local spool it also
checks the events the store has not received yet and finds events missing at the end.
Events written before the chain existed are counted as unchained, not as broken. Exits 0
with a summary line when the trail is intact, 1 naming the chain, sequence number and event
time of each broken link.`,
  options: { since: { type: 'string' }, subject: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 1 },
  async run({ values, positionals }) {
    if (positionals[0] !== undefined) {
      if (positionals[0] !== 'verify') throw new UsageError(`unknown subcommand "${positionals[0]}"; the subcommand is verify`)
      return verify()
    }
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

async function verify(): Promise<number> {
  const { auditSpoolDirectory, openGovernanceStore, readAuditSpool, verifyAuditTrail } = await import('@datamesh/governance')
  const { meshSecret } = await import('@datamesh/kit')
  const spoolDirectory = auditSpoolDirectory()
  const spool = await readAuditSpool(spoolDirectory)
  const store = await openGovernanceStore({ role: 'cli' })
  try {
    const result = await verifyAuditTrail(store.db, { key: meshSecret('audit'), spool })
    for (const link of result.broken) {
      console.log(`audit trail broken: chain ${link.chain}, sequence ${link.seq}${link.occurredAt ? ` (event time ${link.occurredAt})` : ''}: ${link.problem}`)
    }
    const chains = `${result.chains} chain${result.chains === 1 ? '' : 's'}`
    const counts = `${result.stored} chained events in the store, ${result.pending} in the local spool not yet shipped, ${result.unchained} unchained (written before the chain existed)`
    if (result.broken.length) {
      console.log(`${result.broken.length} of ${chains} broken; ${counts}`)
      return 1
    }
    console.log(`audit trail intact: ${chains}, ${counts}${result.spoolRead ? '' : `; no local spool at ${spoolDirectory}, so events missing at the end could not be checked`}`)
    return 0
  } finally {
    await store.close()
  }
}
