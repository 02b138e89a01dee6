import { auditSpoolDirectory, createTokenVerifier, openAuditTrail, maxTokenLifetime, openGovernanceStore } from '@datamesh/governance'
import { meshSecret } from '@datamesh/kit'
import { jwtVerify } from 'jose'
import { sql } from 'kysely'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli, runCliInProcess, spawnCli } from './run-cli.js'

describe('the datamesh command', () => {
  it('lists its commands', async () => {
    const { code, stdout } = await runCli(['--help'])
    expect(code).toBe(0)
    for (const command of ['start', 'serve', 'compose', 'migrate', 'seed', 'token', 'audit', 'check']) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
  })

  it('prints help for every command', async () => {
    for (const command of ['start', 'serve', 'compose', 'migrate', 'seed', 'ingest', 'token', 'audit']) {
      const { code, stdout } = await runCli([command, '--help'])
      expect(code).toBe(0)
      expect(stdout).toMatch(new RegExp(`^Usage: datamesh ${command}`))
    }
  })

  it.each([
    [['frob'], 'datamesh: unknown command "frob"; the commands are start, serve, compose, check, domain, classify, ingest, migrate, seed, token, audit, lineage, quality, analytics, contract, bench (datamesh --help)'],
    [['seed', '--scale', 'lots'], 'datamesh seed: --scale must be a number, got "lots" (datamesh seed --help)'],
    [['seed', '--scale', '0'], 'datamesh seed: --scale must be greater than 0, got 0 (datamesh seed --help)'],
    [['seed', '--seed', '1.5'], 'datamesh seed: --seed must be a whole number, got 1.5 (datamesh seed --help)'],
    [['bench', '--rounds', '0'], 'datamesh bench: --rounds must be a positive integer, got "0" (datamesh bench --help)'],
    [['bench', '--only', 'nginx'], 'datamesh bench: unknown contender "nginx"; the contenders are datamesh, datamesh-open, apollo-gateway, hive-gateway, hive-router (datamesh bench --help)'],
    [['seed', '--frobnicate'], 'datamesh seed: unknown option --frobnicate (datamesh seed --help)'],
    [['migrate', '--domain', 'billing'], 'datamesh migrate: unknown domain billing; the domains are customers, catalog, orders, fulfillment, analytics, marketplace (datamesh migrate --help)'],
    [['ingest', 'customers', 'customers.csv'], 'datamesh ingest: "customers" is not <domain>.<table>, such as customers.customers (datamesh ingest --help)'],
    [['ingest', 'customers.customers', 'customers.csv', '--mode', 'merge'], 'datamesh ingest: --mode must be one of append, upsert, replace, got "merge" (datamesh ingest --help)'],
    [['ingest', 'customers.customers'], 'datamesh ingest: missing argument; usage: datamesh ingest <domain>.<table> <file> [--mode append|upsert|replace] [--reject-file <path>] (datamesh ingest --help)'],
    [['serve'], 'datamesh serve: missing argument; usage: datamesh serve <domain|gateway> (datamesh serve --help)'],
    [['serve', 'billing'], 'datamesh serve: unknown domain billing; the domains are customers, catalog, orders, fulfillment, analytics, marketplace (datamesh serve --help)'],
  ])('rejects %j with one clear line and exit code 2', async (args, line) => {
    const { code, stdout, stderr } = await runCli(args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toBe(`${line}\n`)
  })

  it('ends quietly with exit code 0 when its reader goes away, as `git log | head -1` does', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'datamesh-pipe-'))
    try {
      // One line per domain, seconds apart: the second is written after the reader has gone.
      const cli = spawnCli(['migrate', '--domain', 'catalog,orders'], { ...process.env, DATAMESH_DATA_DIR: dataDir, DATABASE_URL: '' })
      let stderr = ''
      cli.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const exited = once(cli, 'exit')
      let first = ''
      for await (const chunk of cli.stdout!) {
        first += String(chunk)
        if (first.includes('\n')) break
      }
      cli.stdout!.destroy()
      expect(first).toMatch(/^catalog: applied 0001_create_catalog /)
      expect(await exited).toEqual([0, null])
      expect(stderr).toBe('')
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('datamesh token', () => {
  it('mints a token signed with the development key, carrying the subject, scopes, roles and purposes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'datamesh-token-'))
    try {
      const env = { ...process.env, DATAMESH_DATA_DIR: dataDir, DATAMESH_JWT_SECRET: '' }
      const { code, stdout } = await runCli(['token', '--sub', 'alice', '--scope', 'customers:pii:read catalog:cost:read', '--role', 'analyst', '--purpose', 'support,fraud'], env)
      expect(code).toBe(0)
      const key = new TextEncoder().encode(readFileSync(join(dataDir, 'keys', 'jwt.key'), 'utf8').trim())
      const { payload } = await jwtVerify(stdout.trim(), key, { algorithms: ['HS256'] })
      expect(payload).toMatchObject({ sub: 'alice', scope: 'customers:pii:read catalog:cost:read', roles: ['analyst'], purposes: ['support', 'fraud'], iss: 'datamesh-dev' })
      expect((payload.exp as number) - (payload.iat as number)).toBe(3600)
      const gateway = createTokenVerifier({ secret: new TextDecoder().decode(key), maxLifetimeMs: maxTokenLifetime(undefined) })
      expect((await gateway(`Bearer ${stdout.trim()}`)).id).toBe('alice')
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it.each([
    [['token'], 'datamesh token: --sub is required: who the token is for (datamesh token --help)'],
    [['token', '--sub', 'a', '--expires', 'soon'], 'datamesh token: --expires must be a duration such as 30m or 8h, got "soon" (datamesh token --help)'],
    [['token', '--sub', 'a', '--expires', '7d'], 'datamesh token: --expires 7d is longer than the gateway accepts (24h, DATAMESH_JWT_MAX_LIFETIME) (datamesh token --help)'],
    [['audit', '--since', 'yesterday-ish'], 'datamesh audit: --since must be a duration such as 15m, 1h or 7d, or an ISO date, got "yesterday-ish" (datamesh audit --help)'],
  ])('rejects %j with one clear line and exit code 2', async (args, line) => {
    const { code, stderr } = await runCli(args)
    expect(code).toBe(2)
    expect(stderr).toBe(`${line}\n`)
  })
})

describe('datamesh audit', () => {
  it('prints the trail newest first, filtered by subject, as a table or as JSON lines, and verifies its chain', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'datamesh-audit-'))
    try {
      const env = { ...process.env, DATAMESH_DATA_DIR: dataDir, DATABASE_URL: '' }
      const store = await openGovernanceStore({ dataDirectory: dataDir, env: {} })
      // Where the gateway of this data directory keeps its spool, with the key it would use.
      const writer = await openAuditTrail({ store: store.db, spoolDirectory: auditSpoolDirectory(env), key: meshSecret('audit', env) })
      const event = (subject: string, minutesAgo: number, outcome: 'allowed' | 'denied') => ({
        occurredAt: new Date(Date.now() - minutesAgo * 60_000),
        subject,
        roles: ['analyst'],
        purpose: 'support',
        operationName: 'Lookup',
        operationHash: 'a'.repeat(64),
        clientAddress: '127.0.0.1',
        outcome,
        fields: [{ coordinate: 'Product.supplierCost', classification: 'confidential' as const, effect: outcome === 'denied' ? ('deny' as const) : ('allow' as const) }],
      })
      await writer.record(event('alice', 5, 'denied'))
      await writer.record(event('bob', 3, 'allowed'))
      await writer.record(event('alice', 1, 'allowed'))
      await writer.record(event('alice', 180, 'allowed'))
      await writer.stop()
      await store.close()
      const table = await runCli(['audit', '--since', '1h', '--subject', 'alice'], env)
      expect(table.code).toBe(0)
      const rows = table.stdout.trim().split('\n')
      expect(rows).toHaveLength(2)
      expect(rows[0]).toMatch(/alice \[analyst\]\s+support\s+allowed\s+Lookup\s+127\.0\.0\.1\s+Product\.supplierCost=allow$/)
      expect(rows[1]).toMatch(/alice .* denied .* Product\.supplierCost=deny$/)
      const json = await runCli(['audit', '--since', '2d', '--json'], env)
      expect(json.stdout.trim().split('\n').map((line) => JSON.parse(line).subject)).toEqual(['alice', 'bob', 'alice', 'alice'])

      const intact = await runCliInProcess(['audit', 'verify'], env)
      expect(intact).toEqual({
        code: 0,
        stdout: 'audit trail intact: 1 chain, 4 chained events in the store, 0 in the local spool not yet shipped, 0 unchained (written before the chain existed)\n',
        stderr: '',
      })

      // What the owner of the table can do past its triggers, and what verify must catch.
      const owner = await openGovernanceStore({ dataDirectory: dataDir, env: {} })
      const { chain_id: chain } = await owner.db.selectFrom('audit_events').select('chain_id').executeTakeFirstOrThrow()
      await sql`alter table audit_events disable trigger user`.execute(owner.db)
      await sql`update audit_events set outcome = 'denied' where seq = 2`.execute(owner.db)
      await owner.close()
      const broken = await runCliInProcess(['audit', 'verify'], env)
      expect(broken.code).toBe(1)
      expect(broken.stdout.split('\n')[0]).toMatch(
        new RegExp(`^audit trail broken: chain ${chain}, sequence 2 \\(event time \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\): the event was changed after it was written in the store`),
      )
      expect(broken.stdout.split('\n')[1]).toBe('1 of 1 chain broken; 4 chained events in the store, 0 in the local spool not yet shipped, 0 unchained (written before the chain existed)')
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('names its one subcommand on a wrong one', async () => {
    const { code, stderr } = await runCliInProcess(['audit', 'check'])
    expect(code).toBe(2)
    expect(stderr).toBe('datamesh audit: unknown subcommand "check"; the subcommand is verify (datamesh audit --help)\n')
  })
})
