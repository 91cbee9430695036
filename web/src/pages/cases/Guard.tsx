// A lazy page behind a permission (or none, for the public pages), with the shared loading and forbidden states.
import { Suspense, type ReactNode } from 'react'
import type { Permission } from '../../../../src/contracts/permissions.ts'
import { can, useSession } from '../../auth/session.tsx'
import { Forbidden, Loading } from '../../components/Common.tsx'

export function Guard({ permission, public: isPublic, children }: { permission?: Permission; public?: boolean; children: ReactNode }) {
  if (isPublic) return <Suspense fallback={<Loading />}>{children}</Suspense>
  return <Permitted permission={permission}>{children}</Permitted>
}

function Permitted({ permission, children }: { permission?: Permission; children: ReactNode }) {
  const { me } = useSession()
  return can(me, permission) ? <Suspense fallback={<Loading />}>{children}</Suspense> : <Forbidden />
}
