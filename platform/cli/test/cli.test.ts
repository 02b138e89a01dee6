import { describe, expect, it } from 'vitest'
import { runCli } from './run-cli.js'

describe('the datamesh command', () => {
  it('lists its commands', async () => {
    const { code, stdout } = await runCli(['--help'])
    expect(code).toBe(0)
    for (const command of ['start', 'serve', 'compose', 'migrate', 'seed', 'token', 'audit']) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
  })

  it('prints help for every command', async () => {
    for (const command of ['start', 'serve', 'compose', 'migrate', 'seed', 'token', 'audit']) {
      const { code, stdout } = await runCli([command, '--help'])
      expect(code).toBe(0)
      expect(stdout).toMatch(new RegExp(`^Usage: datamesh ${command}`))
    }
  })

  it.each([
    [['frob'], 'datamesh: unknown command "frob"; the commands are start, serve, compose, migrate, seed, token, audit (datamesh --help)'],
    [['seed', '--scale', 'lots'], 'datamesh seed: --scale must be a number, got "lots" (datamesh seed --help)'],
    [['seed', '--scale', '0'], 'datamesh seed: --scale must be greater than 0, got 0 (datamesh seed --help)'],
    [['seed', '--seed', '1.5'], 'datamesh seed: --seed must be a whole number, got 1.5 (datamesh seed --help)'],
    [['seed', '--frobnicate'], 'datamesh seed: unknown option --frobnicate (datamesh seed --help)'],
    [['migrate', '--domain', 'billing'], 'datamesh migrate: unknown domain billing; the domains are customers, catalog, orders, fulfillment (datamesh migrate --help)'],
    [['serve'], 'datamesh serve: missing argument; usage: datamesh serve <domain|gateway> (datamesh serve --help)'],
    [['serve', 'billing'], 'datamesh serve: unknown domain billing; the domains are customers, catalog, orders, fulfillment (datamesh serve --help)'],
  ])('rejects %j with one clear line and exit code 2', async (args, line) => {
    const { code, stdout, stderr } = await runCli(args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toBe(`${line}\n`)
  })
})
