import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loadConfig, ConfigError } from './config.ts'

test('defaults: port 8080, embedded database, 2FA for admins', () => {
  const c = loadConfig({})
  assert.equal(c.port, 8080)
  assert.equal(c.databaseUrl, undefined)
  assert.deepEqual(c.require2faRoles, ['admin'])
  assert.match(c.dataDir, /\.tianping$/)
})

test('PORT overrides TIANPING_PORT', () => {
  assert.equal(loadConfig({ PORT: '9000', TIANPING_PORT: '8081' }).port, 9000)
})

test('every bad variable is named with its value, one line each', () => {
  try {
    loadConfig({ TIANPING_PORT: '80a', DATABASE_URL: 'mysql://x', TIANPING_ENV: 'staging' })
    assert.fail('should throw')
  } catch (e) {
    assert.ok(e instanceof ConfigError)
    const lines = e.message.split('\n')
    assert.equal(lines.length, 3)
    assert.ok(lines.some((l) => l.startsWith('tianping: config: TIANPING_PORT') && l.includes('"80a"')))
    assert.ok(lines.some((l) => l.startsWith('tianping: config: DATABASE_URL')))
    assert.ok(lines.some((l) => l.startsWith('tianping: config: TIANPING_ENV')))
  }
})

test('production requires the master key, and checks its form', () => {
  assert.throws(() => loadConfig({ TIANPING_ENV: 'production' }), /TIANPING_MASTER_KEY is required in production/)
  assert.throws(() => loadConfig({ TIANPING_ENV: 'production', TIANPING_MASTER_KEY: 'short' }), /TIANPING_MASTER_KEY must be 32 bytes/)
  const ok = loadConfig({ TIANPING_ENV: 'production', TIANPING_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') })
  assert.equal(ok.env, 'production')
})

test('secrets are not echoed in config errors', () => {
  try {
    loadConfig({ TIANPING_MASTER_KEY: 'a3f1c9e0deadbeef', DATABASE_URL: 'mysql://tp:S3cr3tPw@db:3306/x' })
    assert.fail('should throw')
  } catch (e) {
    assert.ok(!(e as Error).message.includes('a3f1c9e0'))
    assert.ok(!(e as Error).message.includes('S3cr3tPw'))
    assert.match((e as Error).message, /TIANPING_MASTER_KEY .*a value of 16 characters/)
  }
})

test('trust proxy is a hop count or a list, never "true"; demo data is off in production', () => {
  assert.equal(loadConfig({}).trustProxy, false)
  assert.equal(loadConfig({ TIANPING_TRUST_PROXY: '1' }).trustProxy, 1)
  assert.deepEqual(loadConfig({ TIANPING_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, ['10.0.0.0/8', '127.0.0.1'])
  assert.throws(() => loadConfig({ TIANPING_TRUST_PROXY: 'true' }), /TIANPING_TRUST_PROXY must be a hop count/)
  assert.equal(loadConfig({}).demo, true)
  assert.equal(loadConfig({ TIANPING_ENV: 'production', TIANPING_MASTER_KEY: Buffer.alloc(32, 1).toString('base64') }).demo, false)
})
