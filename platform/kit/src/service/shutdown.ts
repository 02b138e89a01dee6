// Graceful shutdown: on SIGINT or SIGTERM, run every registered closer once (stop taking
// requests, flush, close the database), then exit.
import type { Logger } from '../logging/logger.js'

export type Closer = () => Promise<void>

export function closeOnSignal(close: Closer, logger: Logger): void {
  let closing = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return
    closing = true
    logger.info(`${signal} received, shutting down`)
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  // `on`, not `once`: a library using signal-exit re-raises the signal, killing the
  // process mid-shutdown, when it finds no other listener left.
  // Under `datamesh start` a terminal's Ctrl-C reaches every process of the group at once;
  // the supervisor answers it by stopping the services in order (the gateway first, so its
  // last audit and latency writes still find the stores), so a supervised service waits for
  // the supervisor's SIGTERM.
  process.on('SIGINT', process.env.DATAMESH_SUPERVISED === '1' ? () => undefined : onSignal)
  process.on('SIGTERM', onSignal)
}
