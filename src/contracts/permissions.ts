// Permissions and the built-in roles that grant them. Each endpoint declares one permission or public.
export const permissions = [
  'users:read',
  'users:manage',
  'apikeys:manage',
  'audit:read',
  'settings:manage',
  'pii:read',
  'cases:read',
  'cases:read_all', // every case; without it, cases:read shows only assigned, own-queue and self-received cases
  'cases:read_granted', // cases:read reaches only the cases of live grants, redacted (external bodies)
  'cases:create',
  'cases:handle',
  'cases:assign',
  'cases:resolve',
  'cases:approve',
  'cases:export',
  'cases:configure',
  'reporter:unseal',
  'campaigns:read',
  'campaigns:manage',
  'keywords:read',
  'keywords:scan',
  'keywords:manage',
  'listings:read',
  'listings:review',
  'merchants:read',
  'merchants:manage',
  'monitoring:read',
  'monitoring:manage',
  'reports:read',
  'grants:manage',
] as const
export type Permission = (typeof permissions)[number]

export const roles = ['admin', 'supervisor', 'handler', 'reviewer', 'analyst', 'auditor', 'regulator', 'police'] as const
export type Role = (typeof roles)[number]

const readAll: Permission[] = [
  'cases:read',
  'cases:read_all',
  'campaigns:read',
  'keywords:read',
  'listings:read',
  'merchants:read',
  'monitoring:read',
  'reports:read',
]

export const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: permissions,
  supervisor: [
    ...readAll,
    'users:read',
    'audit:read',
    'pii:read',
    'cases:create',
    'cases:handle',
    'cases:assign',
    'cases:resolve',
    'cases:approve',
    'cases:export',
    'campaigns:manage',
    'keywords:scan',
    'listings:review',
    'merchants:manage',
    'monitoring:manage',
  ],
  handler: ['cases:read', 'cases:create', 'cases:handle', 'cases:resolve', 'pii:read', 'campaigns:read', 'keywords:read', 'keywords:scan', 'merchants:read'],
  reviewer: ['listings:read', 'listings:review', 'keywords:read', 'keywords:scan', 'merchants:read', 'monitoring:read'],
  analyst: [...readAll, 'keywords:scan', 'keywords:manage'],
  auditor: [...readAll, 'audit:read', 'users:read'],
  // External bodies see only what a scoped, expiring, redacted grant exposes: cases:read_granted narrows
  // their cases:read to the cases of their live grants (src/modules/cases/scope.ts).
  regulator: ['reports:read', 'cases:read', 'cases:read_granted'],
  police: ['cases:read', 'cases:read_granted'],
}

export function permissionsOf(userRoles: readonly string[]): Set<Permission> {
  const out = new Set<Permission>()
  for (const r of userRoles) for (const p of rolePermissions[r as Role] ?? []) out.add(p)
  return out
}
