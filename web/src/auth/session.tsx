// The logged-in user as server state: GET /auth/me (null when logged out), kept in TanStack Query.
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { call, isLoggedOut, setCsrfToken, type Result } from '../api/client.ts'
import { getMe, logout as logoutEndpoint } from '../../../src/contracts/auth.schema.ts'
import type { Permission } from '../../../src/contracts/permissions.ts'

export type Me = Result<typeof getMe>
export const ME_KEY = ['auth', 'me'] as const

export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await call(getMe)
    setCsrfToken(me.csrfToken)
    return me
  } catch (e) {
    if (isLoggedOut(e)) {
      setCsrfToken(null)
      return null
    }
    throw e
  }
}

export function useSession() {
  const qc = useQueryClient()
  const q = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false })
  const setMe = useCallback(
    (me: Me | null) => {
      setCsrfToken(me?.csrfToken ?? null)
      qc.setQueryData(ME_KEY, me)
    },
    [qc],
  )
  const refresh = useCallback(() => qc.invalidateQueries({ queryKey: ME_KEY }), [qc])
  const logout = useCallback(async () => {
    try {
      await call(logoutEndpoint)
    } finally {
      setCsrfToken(null)
      qc.clear()
      qc.setQueryData(ME_KEY, null)
    }
  }, [qc])
  return { me: q.data ?? null, loading: q.isPending, error: q.error, setMe, refresh, logout }
}

export function can(me: Me | null, permission: Permission | undefined): boolean {
  if (!permission) return true
  return !!me && (me.permissions as readonly string[]).includes(permission)
}

/** A user who still owes a password change or a 2FA enrolment may only use the login flow. */
export function isPending(me: Me | null): boolean {
  return !!me && (me.mustChangePassword || me.mustEnrolTotp)
}
