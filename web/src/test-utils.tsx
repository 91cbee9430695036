// Test helpers: a fetch double routed by "METHOD /path", and the app's providers around a memory router.
import type { ReactNode } from 'react'
import { MemoryRouter } from 'react-router-dom'
import { render } from '@testing-library/react'
import { vi } from 'vitest'
import { Providers, makeQueryClient } from './App.tsx'
import type { Me } from './auth/session.tsx'

export interface Recorded {
  method: string
  url: string
  headers: Record<string, string>
  body: unknown
}

interface Reply {
  status?: number
  json?: unknown
  text?: string
}
type Handler = (req: Recorded) => Reply

export function json(status: number, body: unknown): Reply {
  return { status, json: body }
}
export function apiError(status: number, code: string, message = code): Reply {
  return json(status, { error: { code, message }, requestId: 'req-test-1' })
}

/** Installs a fetch double; unrouted calls answer 404 so a missing route fails the test loudly. */
export function mockFetch(routes: Record<string, Handler>) {
  const calls: Recorded[] = []
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const method = (init?.method ?? 'GET').toUpperCase()
    const headers: Record<string, string> = {}
    // The client passes a plain object; happy-dom's Headers drops some names, so read it directly.
    for (const [k, v] of Object.entries((init?.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = v
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined
    const rec = { method, url, headers, body }
    calls.push(rec)
    const path = url.split('?')[0]!
    const handler = routes[`${method} ${path}`]
    const out = handler ? handler(rec) : apiError(404, 'request.route_not_found')
    const text = out.text ?? (out.json === undefined ? '' : JSON.stringify(out.json))
    return new Response(text, { status: out.status ?? 200, headers: { 'content-type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fn)
  return { calls, fn }
}

export function makeMe(over: Partial<Me> = {}): Me {
  return {
    id: '0199a000-0000-7000-8000-000000000001',
    username: 'admin',
    displayName: '系统管理员',
    email: null,
    roles: ['admin'],
    permissions: ['users:read', 'users:manage', 'audit:read', 'apikeys:manage'],
    locale: 'zh-CN',
    totpEnabled: true,
    totpRequired: true,
    mustEnrolTotp: false,
    mustChangePassword: false,
    csrfToken: 'csrf-me',
    ...over,
  }
}

export function renderWithProviders(ui: ReactNode, { path = '/' }: { path?: string } = {}) {
  const client = makeQueryClient()
  const result = render(
    <Providers client={client}>
      <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
    </Providers>,
  )
  return { ...result, client }
}
