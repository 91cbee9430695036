export {
  createUser, updateUser, resetPassword, changeOwnPassword, getUser, listUsers, toPublicUser, requires2fa,
  ensureCanGrantRoles, type PublicUser, type CreateUserInput,
} from './user.service.ts'
export {
  login, completeMfa, authenticateSession, logout, listSessions, revokeSession, startTotpEnrolment, confirmTotpEnrolment,
  disableTotp, adminResetTotp, totpCode, userActor, LoginPolicy, type Authenticated,
} from './session.service.ts'
export { createApiKey, revokeApiKey, listApiKeys, authenticateApiKey, type ApiKeyView } from './apikey.service.ts'
export { byUsername as findUserByUsername, byId as findUserById, count as countUsers } from './user.repo.ts'
export { hashPassword, generatePassword } from './password.ts'
export { seedDemoStaff, demoStaff } from './demo.ts'
