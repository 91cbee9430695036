import { afterEach, describe, expect, test, vi } from 'vitest'
import { ApiError, call, fillPath, queryString, setCsrfToken } from './client.ts'
import { getUser, createUser, updateUser, listUsers } from '../../../src/contracts/auth.schema.ts'
import { listAudit } from '../../../src/contracts/audit.schema.ts'
import { apiError, json, mockFetch } from '../test-utils.tsx'

const id = '0199a000-0000-7000-8000-0000000000aa'

afterEach(() => {
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

describe('request building', () => {
  test('fills path parameters, encoded', () => {
    expect(fillPath('/api/v1/users/:id/reset-2fa', { id: 'a/b c' })).toBe('/api/v1/users/a%2Fb%20c/reset-2fa')
  })
  test('a missing path parameter throws instead of calling /users/:id', () => {
    expect(() => fillPath('/api/v1/users/:id', {})).toThrow(/missing path parameter "id"/)
  })
  test('query strings skip empty values and write dates as ISO', () => {
    expect(queryString({ q: 'wang', role: undefined, status: '', from: new Date('2025-01-01T00:00:00Z'), limit: 50 })).toBe(
      '?q=wang&from=2025-01-01T00%3A00%3A00.000Z&limit=50',
    )
    expect(queryString({})).toBe('')
  })
})

describe('call', () => {
  test('GET puts params in the path and query in the URL, with same-origin credentials and no CSRF header', async () => {
    setCsrfToken('csrf-1')
    const { calls, fn } = mockFetch({ [`GET /api/v1/users/${id}`]: () => json(200, { id }) })
    await call(getUser, { params: { id } })
    expect(calls[0]!.url).toBe(`/api/v1/users/${id}`)
    expect(calls[0]!.headers['x-csrf-token']).toBeUndefined()
    expect(fn.mock.calls[0]![1]!.credentials).toBe('same-origin')

    const c2 = mockFetch({ 'GET /api/v1/audit': () => json(200, { items: [], nextCursor: null }) })
    await call(listAudit, { query: { action: 'user.*', limit: 20 } })
    expect(c2.calls[0]!.url).toBe('/api/v1/audit?action=user.*&limit=20')
  })

  test('mutations send the session CSRF token and a JSON body', async () => {
    setCsrfToken('csrf-abc')
    const { calls } = mockFetch({ [`PATCH /api/v1/users/${id}`]: () => json(200, { id }) })
    await call(updateUser, { params: { id }, body: { disabled: true } })
    expect(calls[0]!.headers['x-csrf-token']).toBe('csrf-abc')
    expect(calls[0]!.headers['content-type']).toBe('application/json')
    expect(calls[0]!.body).toEqual({ disabled: true })
  })

  test('idempotent endpoints get an Idempotency-Key: the one given, else a fresh one per call', async () => {
    const { calls } = mockFetch({ 'POST /api/v1/users': () => json(201, { user: {}, initialPassword: 'x' }) })
    const body = { username: 'li.si', displayName: '李四', roles: ['handler' as const] }
    await call(createUser, { body }, { idempotencyKey: 'key-1' })
    await call(createUser, { body })
    await call(createUser, { body })
    expect(calls[0]!.headers['idempotency-key']).toBe('key-1')
    expect(calls[1]!.headers['idempotency-key']).toMatch(/^tpc-[0-9a-f]{32}$/)
    expect(calls[1]!.headers['idempotency-key']).not.toBe(calls[2]!.headers['idempotency-key'])
    const patch = mockFetch({ [`PATCH /api/v1/users/${id}`]: () => json(200, {}) })
    await call(updateUser, { params: { id }, body: {} })
    expect(patch.calls[0]!.headers['idempotency-key']).toBeUndefined()
  })

  test('the error envelope becomes an ApiError with status, code, message, details and request id', async () => {
    mockFetch({
      'GET /api/v1/users': () => ({
        status: 400,
        json: { error: { code: 'request.invalid', message: 'invalid query.limit', details: { issues: [{ path: 'query.limit' }] } }, requestId: 'r-42' },
      }),
    })
    const err = await call(listUsers, { query: { limit: 5000 } }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    const e = err as ApiError
    expect([e.status, e.code, e.message, e.requestId]).toEqual([400, 'request.invalid', 'invalid query.limit', 'r-42'])
    expect(e.details).toEqual({ issues: [{ path: 'query.limit' }] })
  })

  test('a non-envelope error (a proxy page) still becomes an ApiError named by status', async () => {
    mockFetch({ 'GET /api/v1/users': () => ({ status: 502, text: '<html>Bad Gateway</html>' }) })
    const e = (await call(listUsers).catch((x: unknown) => x)) as ApiError
    expect([e.status, e.code]).toEqual([502, 'http.502'])
  })

  test('a network failure becomes code "network"', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))))
    const e = (await call(listUsers).catch((x: unknown) => x)) as ApiError
    expect([e.status, e.code]).toEqual([0, 'network'])
  })

  test('401 from any endpoint is reported as such', async () => {
    mockFetch({ 'GET /api/v1/users': () => apiError(401, 'auth.session_expired') })
    const e = (await call(listUsers).catch((x: unknown) => x)) as ApiError
    expect(e.code).toBe('auth.session_expired')
  })
})
