#!/usr/bin/env node
// Entry point: registers tsx so the TypeScript sources run as they are (no build step).
import { register } from 'tsx/esm/api'
register()
const { main } = await import('../src/cli/main.ts')
const code = await main(process.argv.slice(2))
process.exitCode = code
