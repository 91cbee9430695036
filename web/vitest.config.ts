import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

export default defineConfig({
  root,
  plugins: [react()],
  test: {
    environment: 'happy-dom',
    include: ['web/src/**/*.test.tsx'],
    setupFiles: ['web/src/test-setup.ts'],
    testTimeout: 15_000,
  },
})
