import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isForbiddenAddress, literalRefusal } from './webhook.guard.ts'

test('loopback, private, link-local, unique-local, CGNAT/metadata and unspecified addresses are forbidden', () => {
  for (const a of ['127.0.0.1', '127.255.0.9', '10.0.0.1', '172.16.0.1', '172.31.255.254', '192.168.0.1', '169.254.169.254', '0.0.0.0', '100.100.100.200', '::', '::1', 'fe80::1', 'febf::1', 'fc00::1', 'fd00:ec2::254', '::ffff:127.0.0.1', '::ffff:a00:1']) {
    assert.equal(isForbiddenAddress(a), true, a)
  }
})

test('public addresses pass, including the neighbours of private ranges', () => {
  for (const a of ['8.8.8.8', '172.15.255.255', '172.32.0.1', '192.169.0.1', '11.0.0.1', '169.255.0.1', '2001:db8::1', '2400:3200::1', 'fec0::1', '::ffff:8.8.8.8']) {
    assert.equal(isForbiddenAddress(a), false, a)
  }
})

test('literal checks see through URL normalisation (decimal, short and bracketed forms) and name metadata hosts', () => {
  for (const u of ['http://2130706433/', 'http://127.1/', 'http://0x7f.1/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://metadata.google.internal./x']) {
    assert.ok(literalRefusal(new URL(u)), u)
  }
  assert.equal(literalRefusal(new URL('https://hooks.example.com/x')), null)
  assert.equal(literalRefusal(new URL('http://localhost/x')), null, 'hostnames are judged at delivery, after resolving')
})
