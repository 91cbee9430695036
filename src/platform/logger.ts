// pino, with request and actor ids from AsyncLocalStorage and PII/auth paths redacted.
import pino from 'pino'
import { AsyncLocalStorage } from 'node:async_hooks'

export interface RequestScope {
  requestId: string
  actorId?: string
}
export const requestScope = new AsyncLocalStorage<RequestScope>()

const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.totp',
  '*.code',
  '*.secret',
  '*.phone',
  '*.idNumber',
  '*.bankAccount',
  '*.address',
  '*.name',
  '*.email',
  '*.text',
]

let level: pino.Level | 'silent' = 'info'
export function setLogLevel(l: pino.Level | 'silent'): void {
  level = l
  rootLogger.level = l
}

export const rootLogger = pino({
  level,
  redact: { paths: redactPaths, censor: '[redacted]' },
  base: { app: 'tianping' },
  mixin() {
    const s = requestScope.getStore()
    return s ? { requestId: s.requestId, ...(s.actorId ? { actorId: s.actorId } : {}) } : {}
  },
}, pino.destination({ dest: 2, sync: false }))

export function moduleLogger(module: string): pino.Logger {
  return rootLogger.child({ module })
}
