// What another local user gets when it knocks on a Unix socket: a child process, run as
// `uid` when given, that tries a plain connect and reports `connected` or the error code.
import { execFile } from 'node:child_process'

export function connectAs(socket: string, uid?: number): Promise<string> {
  const probe = `const s = require('node:net').connect({ path: ${JSON.stringify(socket)} })
s.on('connect', () => { console.log('connected'); s.destroy() })
s.on('error', (error) => console.log(error.code))`
  const ids = uid === undefined ? {} : { uid, gid: uid }
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['-e', probe], { ...ids, cwd: '/' }, (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
  )
}
