import { test } from 'node:test'
import assert from 'node:assert/strict'
import Fastify from 'fastify'
import { testEnv } from '../support/env.ts'
import { fileComplaint } from '../support/cases.ts'
import { route, EndpointDeclarationError } from '../../src/http/route.ts'
import { endpoint } from '../../src/contracts/endpoint.ts'
import { z } from 'zod'

test('every registered route declares exactly one of permission, public or authenticated', async () => {
  const env = await testEnv()
  try {
    assert.ok(env.app.tpEndpoints.length >= 20)
    for (const ep of env.app.tpEndpoints) {
      const declared = [ep.permission, ep.public, ep.authenticated].filter(Boolean).length
      assert.equal(declared, 1, `${ep.method} ${ep.path}`)
    }
    const publicOnes = env.app.tpEndpoints.filter((e) => e.public).map((e) => e.path)
    // The reviewed list of endpoints anyone may call: a new public endpoint must be added here on purpose.
    assert.deepEqual(publicOnes.sort(), [
      '/api/v1/auth/login', '/api/v1/auth/login/2fa', '/api/v1/auth/logout',
      '/api/v1/public/reports', '/api/v1/public/reports/:receiptCode', '/api/v1/public/reports/:receiptCode/files', '/api/v1/public/reports/:receiptCode/messages',
    ].sort())
  } finally {
    await env.close()
  }
})

test('a route with no access declaration refuses to register, so the server refuses to start', () => {
  const app = Fastify()
  app.decorate('tpEndpoints', [])
  const undeclared = endpoint({ method: 'GET', path: '/api/v1/oops', summary: 'x', tags: [], response: z.object({}) })
  assert.throws(() => route(app, undeclared, async () => ({})), EndpointDeclarationError)
})

test('regulator and police roles read no case without a grant (cases-grants.db.test.ts covers grants)', async () => {
  const env = await testEnv()
  try {
    const c = await fileComplaint(env, await env.login('supervisor'))
    for (const role of ['regulator', 'police'] as const) {
      const h = await env.login(role)
      const res = await env.app.inject({ method: 'GET', url: '/api/v1/cases', headers: h })
      assert.equal(res.statusCode, 200, role)
      assert.deepEqual(res.json().items, [], role)
      assert.equal((await env.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, headers: h })).statusCode, 404, role)
    }
  } finally {
    await env.close()
  }
})
