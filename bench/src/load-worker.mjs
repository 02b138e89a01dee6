// The load generator's process: autocannon, closed loop, cycling through the request
// bodies it is given so that concurrent requests ask for different data (a gateway that
// shares identical calls in flight would otherwise be measured on the calls it saved).
// Reads its settings as JSON on standard input; prints one JSON line.
import autocannon from 'autocannon'
import { text } from 'node:stream/consumers'

const settings = JSON.parse(await text(process.stdin))
// A subgraph asked directly takes each request only with a grant signed for it.
const sign = settings.grant ? await grantSigner(settings.grant) : undefined
let next = 0
const result = await autocannon({
  url: settings.url,
  method: 'POST',
  headers: settings.headers,
  connections: settings.connections,
  duration: settings.seconds,
  timeout: 30,
  requests: [
    {
      setupRequest: (request) => {
        const body = settings.bodies[next++ % settings.bodies.length]
        return { ...request, body, ...(sign ? { headers: { ...request.headers, ...sign(body) } } : {}) }
      },
    },
  ],
})
async function grantSigner({ subgraph, secret, claims }) {
  const { GRANT_HEADER, signGrant } = await import('@datamesh/kit/grant')
  return (body) => ({ [GRANT_HEADER]: signGrant(claims, secret, { audience: subgraph, body }) })
}

process.stdout.write(
  `${JSON.stringify({
    requests: result.requests.total,
    duration: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  })}\n`,
)
