import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ipBucket } from './report.service.ts'

test('rate-limit buckets: IPv4 as is, IPv4-mapped unwrapped, IPv6 by /64', () => {
  assert.equal(ipBucket('203.0.113.7'), '203.0.113.7')
  assert.equal(ipBucket('::ffff:203.0.113.7'), '203.0.113.7')
  assert.equal(ipBucket('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64')
  assert.equal(ipBucket('2001:db8:1:2:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64')
  assert.equal(ipBucket('2001:db8::1'), '2001:db8:0:0::/64')
  assert.notEqual(ipBucket('2001:db8:1:3::1'), ipBucket('2001:db8:1:2::1'))
  assert.equal(ipBucket('::1'), '0:0:0:0::/64')
})
