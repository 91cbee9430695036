import { z } from 'zod'
import { endpoint, IdParams, Ok, PageQuery, page } from './endpoint.ts'
import { permissions, roles } from './permissions.ts'

export const UsernameField = z.string().trim().min(2).max(64).regex(/^[A-Za-z0-9_.@-]+$/, 'letters, digits and _ . @ - only')
export const PasswordField = z.string().min(10, 'at least 10 characters').max(256)
export const TotpCodeField = z.string().trim().regex(/^\d{6}$/, '6 digits')
export const locales = ['zh-CN', 'en-US'] as const

export const Me = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  roles: z.array(z.enum(roles)),
  permissions: z.array(z.enum(permissions)),
  locale: z.enum(locales),
  totpEnabled: z.boolean(),
  /** The user's roles require 2FA (it cannot be turned off). */
  totpRequired: z.boolean(),
  /** The role policy requires 2FA and the user has not enrolled: only enrolment is allowed. */
  mustEnrolTotp: z.boolean(),
  mustChangePassword: z.boolean(),
  csrfToken: z.string(),
})

export const LoginBody = z.strictObject({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) })
export const LoginResult = z.object({ mfaRequired: z.boolean(), csrfToken: z.string(), me: Me.nullable() })

export const login = endpoint({
  method: 'POST', path: '/api/v1/auth/login', public: true, summary: 'Log in with username and password', tags: ['auth'],
  body: LoginBody, response: LoginResult,
})
export const Login2faBody = z.strictObject({
  code: TotpCodeField.optional(),
  recoveryCode: z.string().trim().min(8).max(32).optional(),
}).refine((b) => Boolean(b.code) !== Boolean(b.recoveryCode), { message: 'give exactly one of code or recoveryCode' })
export const login2fa = endpoint({
  method: 'POST', path: '/api/v1/auth/login/2fa', public: true,
  summary: 'Second login step: a TOTP code or a recovery code', tags: ['auth'], body: Login2faBody, response: LoginResult,
})
export const logout = endpoint({
  method: 'POST', path: '/api/v1/auth/logout', public: true, summary: 'End this session', tags: ['auth'],
  response: Ok,
})
export const getMe = endpoint({ method: 'GET', path: '/api/v1/auth/me', authenticated: true, allowPending: true, summary: 'The logged-in user', tags: ['auth'], response: Me })

export const UpdateMeBody = z.strictObject({ displayName: z.string().trim().min(1).max(100).optional(), locale: z.enum(locales).optional() })
export const updateMe = endpoint({
  method: 'PATCH', path: '/api/v1/auth/me', authenticated: true, allowPending: true, summary: 'Change own display name or language', tags: ['auth'],
  body: UpdateMeBody, response: Me,
})

export const ChangePasswordBody = z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: PasswordField })
export const changePassword = endpoint({
  method: 'POST', path: '/api/v1/auth/password', authenticated: true, allowPending: true, summary: 'Change own password (ends other sessions)', tags: ['auth'],
  body: ChangePasswordBody, response: Ok,
})

export const TotpEnrolment = z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() })
export const enrolTotp = endpoint({
  method: 'POST', path: '/api/v1/auth/2fa/enrol', authenticated: true, allowPending: true, summary: 'Start TOTP enrolment: secret and QR code', tags: ['auth'],
  response: TotpEnrolment,
})
export const ConfirmTotpBody = z.strictObject({ code: TotpCodeField })
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) })
export const confirmTotp = endpoint({
  method: 'POST', path: '/api/v1/auth/2fa/confirm', authenticated: true, allowPending: true, summary: 'Confirm enrolment with a code; returns recovery codes once', tags: ['auth'],
  body: ConfirmTotpBody, response: RecoveryCodes,
})
export const DisableTotpBody = z.strictObject({ password: z.string().min(1).max(256), code: TotpCodeField })
export const disableTotp = endpoint({
  method: 'POST', path: '/api/v1/auth/2fa/disable', authenticated: true, summary: 'Turn 2FA off (not allowed where policy requires it)', tags: ['auth'],
  body: DisableTotpBody, response: Ok,
})

export const SessionInfo = z.object({
  id: z.uuid(), createdAt: z.date(), lastSeenAt: z.date(), expiresAt: z.date(), ip: z.string().nullable(),
  userAgent: z.string().nullable(), current: z.boolean(),
})
export const listMySessions = endpoint({
  method: 'GET', path: '/api/v1/auth/sessions', authenticated: true, summary: 'My active sessions', tags: ['auth'],
  response: z.object({ items: z.array(SessionInfo) }),
})
export const revokeMySession = endpoint({
  method: 'DELETE', path: '/api/v1/auth/sessions/:id', authenticated: true, summary: 'Revoke one of my sessions', tags: ['auth'],
  params: IdParams, response: Ok,
})

// ---- user administration
export const User = z.object({
  id: z.uuid(), username: z.string(), displayName: z.string(), email: z.string().nullable(), roles: z.array(z.enum(roles)),
  disabled: z.boolean(), locked: z.boolean(), totpEnabled: z.boolean(), lastLoginAt: z.date().nullable(), createdAt: z.date(),
})
export const UserListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(), role: z.enum(roles).optional(),
  status: z.enum(['active', 'disabled', 'locked']).optional(),
})
export const listUsers = endpoint({
  method: 'GET', path: '/api/v1/users', permission: 'users:read', summary: 'List users', tags: ['users'],
  query: UserListQuery, response: page(User),
})
export const getUser = endpoint({
  method: 'GET', path: '/api/v1/users/:id', permission: 'users:read', summary: 'One user', tags: ['users'], params: IdParams, response: User,
})
export const CreateUserBody = z.strictObject({
  username: UsernameField, displayName: z.string().trim().min(1).max(100), email: z.email().max(200).optional(),
  roles: z.array(z.enum(roles)).min(1).max(roles.length), password: PasswordField.optional(),
})
export const CreatedUser = z.object({ user: User, initialPassword: z.string().nullable() })
export const createUser = endpoint({
  method: 'POST', path: '/api/v1/users', permission: 'users:manage', idempotent: true, secretFields: ['initialPassword'], status: 201,
  summary: 'Create a user (a one-time password is generated when none is given)', tags: ['users'], body: CreateUserBody, response: CreatedUser,
})
export const UpdateUserBody = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(), email: z.email().max(200).nullable().optional(),
  roles: z.array(z.enum(roles)).min(1).max(roles.length).optional(), disabled: z.boolean().optional(),
  unlock: z.literal(true).optional(),
})
export const updateUser = endpoint({
  method: 'PATCH', path: '/api/v1/users/:id', permission: 'users:manage', summary: 'Change roles, disable, enable or unlock a user',
  tags: ['users'], params: IdParams, body: UpdateUserBody, response: User,
})
export const resetUserPassword = endpoint({
  method: 'POST', path: '/api/v1/users/:id/reset-password', permission: 'users:manage',
  summary: 'Set a one-time password and end the user\'s sessions', tags: ['users'], params: IdParams,
  response: z.object({ initialPassword: z.string() }),
})
export const resetUserTotp = endpoint({
  method: 'POST', path: '/api/v1/users/:id/reset-2fa', permission: 'users:manage',
  summary: 'Remove a user\'s 2FA so they enrol again (lost device)', tags: ['users'], params: IdParams, response: Ok,
})
export const RoleInfo = z.object({ role: z.enum(roles), permissions: z.array(z.enum(permissions)), requires2fa: z.boolean() })
export const listRoles = endpoint({
  method: 'GET', path: '/api/v1/roles', permission: 'users:read', summary: 'Roles and their permissions', tags: ['users'],
  response: z.object({ items: z.array(RoleInfo) }),
})

// ---- API keys
export const ApiKeyInfo = z.object({
  id: z.uuid(), keyId: z.string(), name: z.string(), userId: z.uuid(), username: z.string(), scopes: z.array(z.enum(permissions)),
  createdAt: z.date(), expiresAt: z.date().nullable(), revokedAt: z.date().nullable(), lastUsedAt: z.date().nullable(),
})
export const listApiKeys = endpoint({
  method: 'GET', path: '/api/v1/api-keys', permission: 'apikeys:manage', summary: 'List API keys', tags: ['api-keys'],
  query: PageQuery.extend({ includeRevoked: z.stringbool().optional() }), response: page(ApiKeyInfo),
})
export const CreateApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100), userId: z.uuid().optional(), scopes: z.array(z.enum(permissions)).min(1),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
})
export const createApiKey = endpoint({
  method: 'POST', path: '/api/v1/api-keys', permission: 'apikeys:manage', idempotent: true, secretFields: ['token'], status: 201,
  summary: 'Create an API key; the token is shown once', tags: ['api-keys'], body: CreateApiKeyBody,
  response: z.object({ apiKey: ApiKeyInfo, token: z.string().nullable().describe('shown once; null when an idempotent retry replays the response') }),
})
export const revokeApiKey = endpoint({
  method: 'POST', path: '/api/v1/api-keys/:id/revoke', permission: 'apikeys:manage', summary: 'Revoke an API key', tags: ['api-keys'],
  params: IdParams, response: ApiKeyInfo,
})
