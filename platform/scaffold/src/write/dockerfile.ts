// A new domain in the one image every service runs from: its manifest copied before
// `npm ci` (so the install sees the whole lockfile) and its port exposed.
import type { DomainPlan } from '../plan.js'

const MANIFEST = /^COPY subgraphs\/[^/]+\/package\.json subgraphs\/[^/]+\/$/gm
const EXPOSE = /^EXPOSE (\d+)(?:-(\d+))?((?: \d+)*)$/m

export function withDomainImage(text: string, plan: DomainPlan): string {
  const manifests = [...text.matchAll(MANIFEST)]
  const last = manifests.at(-1)
  if (!last) throw new Error('the Dockerfile copies no subgraphs/<domain>/package.json: add the new domain by hand')
  const line = `COPY subgraphs/${plan.name}/package.json subgraphs/${plan.name}/`
  let updated = text.includes(line) ? text : `${text.slice(0, last.index + last[0].length)}\n${line}${text.slice(last.index + last[0].length)}`
  const expose = EXPOSE.exec(updated)
  if (!expose) throw new Error('the Dockerfile has no EXPOSE line: expose the new domain\'s port by hand')
  const [, from, to, others] = expose
  const low = Number(from)
  const high = Number(to ?? from)
  const extra = (others ?? '').trim().split(' ').filter(Boolean).map(Number)
  if (plan.port >= low && plan.port <= high) return updated
  const ports = plan.port === high + 1 ? `${low}-${plan.port}${others ?? ''}` : `${to ? `${low}-${high}` : low}${[...extra, plan.port].map((port) => ` ${port}`).join('')}`
  updated = updated.replace(EXPOSE, `EXPOSE ${ports}`)
  return updated
}
