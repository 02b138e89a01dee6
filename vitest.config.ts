import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['{platform,gateway,governance,subgraphs,bench}/**/test/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
})
