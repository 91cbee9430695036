import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ForbiddenTargetError, guardedLookup, postJson } from './webhook.http.ts'

async function receiver() {
  const seen: string[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${req.headers['x-test'] ?? ''} ${body}`)
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { seen, port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(r)) }
}

test('the lookup the connection uses refuses a name that resolves to loopback, in both call shapes', async () => {
  const one = await new Promise<Error | null>((r) => guardedLookup('localhost', {}, (e) => r(e)))
  assert.ok(one instanceof ForbiddenTargetError)
  assert.match(one.message, /^localhost resolves to .*(127\.0\.0\.1|::1)/)
  const all = await new Promise<Error | null>((r) => guardedLookup('localhost', { all: true }, (e) => r(e)))
  assert.ok(all instanceof ForbiddenTargetError)
})

test('a refused POST never reaches the receiver; allowPrivate lets the same POST through', async () => {
  const rx = await receiver()
  try {
    const byName = new URL(`http://localhost:${rx.port}/hook`)
    await assert.rejects(postJson(byName, '{"a":1}', { 'x-test': 'n' }, { timeoutMs: 2000, allowPrivate: false }), ForbiddenTargetError)
    const byAddress = new URL(`http://127.0.0.1:${rx.port}/hook`)
    await assert.rejects(postJson(byAddress, '{"a":1}', {}, { timeoutMs: 2000, allowPrivate: false }), /127\.0\.0\.1 is a loopback/)
    assert.deepEqual(rx.seen, [])
    const ok = await postJson(byAddress, '{"a":2}', { 'x-test': 'y' }, { timeoutMs: 2000, allowPrivate: true })
    assert.equal(ok.status, 204)
    assert.deepEqual(rx.seen, ['POST /hook y {"a":2}'])
  } finally {
    await rx.close()
  }
})

test('a receiver that never answers times out with a clear error', async () => {
  const server = createServer(() => {}) // accepts, never responds
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  try {
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`)
    await assert.rejects(postJson(url, '{}', {}, { timeoutMs: 200, allowPrivate: true }), /timed out after 200 ms/)
  } finally {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  }
})
