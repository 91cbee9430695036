import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PiiCrypto, maskPii, normalizePii, resolveMasterKey } from './crypto.ts'

test('encrypt/decrypt round-trips Chinese text; ciphertext carries its key version and differs each time', () => {
  const c = new PiiCrypto(randomBytes(32))
  const a = c.encrypt('北京市朝阳区建国路88号')
  const b = c.encrypt('北京市朝阳区建国路88号')
  assert.match(a, /^v1:/)
  assert.notEqual(a, b)
  assert.equal(c.decrypt(a), '北京市朝阳区建国路88号')
})

test('a tampered ciphertext or another key fails to decrypt', () => {
  const c = new PiiCrypto(randomBytes(32))
  const sealed = c.encrypt('13800138000')
  const raw = Buffer.from(sealed.slice(3), 'base64')
  raw[raw.length - 1]! ^= 1
  assert.throws(() => c.decrypt(`v1:${raw.toString('base64')}`))
  assert.throws(() => new PiiCrypto(randomBytes(32)).decrypt(sealed))
  assert.throws(() => c.decrypt('v9:' + sealed.slice(3)), /key version 9/)
})

test('rotation: a v2 crypto still reads v1 values and writes v2', () => {
  const key = randomBytes(32)
  const v1 = new PiiCrypto(key, 1).encrypt('110101199003077777')
  const v2 = new PiiCrypto(key, 2)
  assert.equal(v2.decrypt(v1), '110101199003077777')
  assert.match(v2.encrypt('x'), /^v2:/)
})

test('blind index matches equal values after normalization and separates kinds and keys', () => {
  const c = new PiiCrypto(randomBytes(32))
  assert.equal(c.blindIndex('phone', '+86 138-0013-8000'), c.blindIndex('phone', '13800138000'))
  assert.equal(c.blindIndex('phone', '１３８００１３８０００'), c.blindIndex('phone', '13800138000'))
  assert.notEqual(c.blindIndex('phone', '13800138000'), c.blindIndex('phone', '13800138001'))
  assert.notEqual(c.blindIndex('phone', '13800138000'), c.blindIndex('bankAccount', '13800138000'))
  assert.notEqual(c.blindIndex('phone', '13800138000'), new PiiCrypto(randomBytes(32)).blindIndex('phone', '13800138000'))
  assert.equal(normalizePii('idNumber', '11010119900307777x'), '11010119900307777X')
})

test('masks keep only what a handler needs to recognise', () => {
  assert.equal(maskPii('phone', '13800138000'), '138****8000')
  assert.equal(maskPii('name', '张三丰'), '张**')
  assert.equal(maskPii('bankAccount', '6222020200112233445'), '6222***********3445')
})

test('development generates a 0600 key file once; production without a key fails', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-key-'))
  const first = resolveMasterKey({ masterKey: undefined, dataDir: dir, env: 'development' })
  assert.equal(first.generated, true)
  assert.equal(statSync(join(dir, 'master.key')).mode & 0o777, 0o600)
  const again = resolveMasterKey({ masterKey: undefined, dataDir: dir, env: 'development' })
  assert.equal(again.generated, false)
  assert.deepEqual(again.key, first.key)
  assert.equal(readFileSync(join(dir, 'master.key'), 'utf8').trim(), first.key.toString('base64'))
  assert.throws(() => resolveMasterKey({ masterKey: undefined, dataDir: dir, env: 'production' }), /TIANPING_MASTER_KEY is required/)
})
