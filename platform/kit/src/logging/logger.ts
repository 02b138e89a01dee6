// Structured logs with pino: JSON by default (for machines and containers), readable
// lines when LOG_FORMAT=pretty (what `datamesh start` sets for a terminal).
import { pino, type Logger } from 'pino'
import pretty from 'pino-pretty'

export type { Logger }

export function createLogger(name: string, env: NodeJS.ProcessEnv = process.env): Logger {
  const options = { name, level: env.LOG_LEVEL ?? 'info' }
  if (env.LOG_FORMAT === 'pretty') {
    return pino(options, pretty({ sync: true, colorize: Boolean(process.stdout.isTTY) || env.FORCE_COLOR === '1', ignore: 'pid,hostname', translateTime: 'HH:MM:ss' }))
  }
  return pino(options)
}
