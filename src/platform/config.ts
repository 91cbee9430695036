// The only reader of process.env: one zod schema, every bad variable reported at boot.
import { z } from 'zod'
import { resolve } from 'node:path'

const roleList = z
  .string()
  .transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean))

const ConfigSchema = z.object({
  TIANPING_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(), // unset: embedded PGlite in TIANPING_DATA_DIR
  TIANPING_DATA_DIR: z.string().min(1).default('.tianping'),
  PORT: z.coerce.number().int().min(1).max(65535).optional(),
  TIANPING_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  TIANPING_HOST: z.string().min(1).default('localhost'),
  TIANPING_MASTER_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=?$/, 'must be 32 bytes in base64 (openssl rand -base64 32)')
    .optional(),
  TIANPING_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TIANPING_REQUIRE_2FA_ROLES: roleList.default(['admin']),
  TIANPING_SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  TIANPING_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(512 * 1024 * 1024).default(1024 * 1024),
  // Which proxies may set X-Forwarded-For: a hop count or a list of addresses/CIDRs. Never "trust all":
  // a client could then choose its own IP and slip past every per-IP limit.
  TIANPING_TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .refine((v) => v !== 'true', 'must be a hop count (e.g. 1) or the proxy addresses (e.g. 10.0.0.0/8), not "true"')
    .transform((v): false | number | string[] =>
      v === 'false' || v === '' || v === '0' ? false : /^\d+$/.test(v) ? Number(v) : v.split(',').map((x) => x.trim()).filter(Boolean),
    ),
  TIANPING_DEMO: z.stringbool().optional(), // default: on, except in production
  // Webhooks may target loopback/private/link-local addresses (tests, on-prem receivers). Off: SSRF guard.
  TIANPING_WEBHOOK_ALLOW_PRIVATE: z.stringbool().default(false),
})

export type Config = {
  env: 'development' | 'production' | 'test'
  databaseUrl: string | undefined
  dataDir: string
  port: number
  host: string
  masterKey: string | undefined
  logLevel: z.infer<typeof ConfigSchema>['TIANPING_LOG_LEVEL']
  require2faRoles: string[]
  sessionHours: number
  bodyLimitBytes: number
  trustProxy: false | number | string[]
  demo: boolean
  webhookAllowPrivate: boolean
}

/** The bad value as shown in the error: never a secret. */
function shownValue(name: string, value: string | undefined): string {
  if (value === undefined) return 'nothing'
  if (name === 'TIANPING_MASTER_KEY') return `a value of ${value.length} characters`
  if (name === 'DATABASE_URL') return JSON.stringify(value.replace(/\/\/[^@/]*@/, '//***@'))
  return JSON.stringify(value)
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Parses the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = ConfigSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0])
      return `tianping: config: ${name} ${i.message} (got ${shownValue(name, env[name])})`
    })
    throw new ConfigError(lines.join('\n'))
  }
  const e = parsed.data
  const cfg: Config = {
    env: e.TIANPING_ENV,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.TIANPING_DATA_DIR),
    port: e.PORT ?? e.TIANPING_PORT,
    host: e.TIANPING_HOST,
    masterKey: e.TIANPING_MASTER_KEY,
    logLevel: e.TIANPING_LOG_LEVEL,
    require2faRoles: e.TIANPING_REQUIRE_2FA_ROLES,
    sessionHours: e.TIANPING_SESSION_HOURS,
    bodyLimitBytes: e.TIANPING_BODY_LIMIT_BYTES,
    trustProxy: e.TIANPING_TRUST_PROXY,
    demo: e.TIANPING_DEMO ?? e.TIANPING_ENV !== 'production',
    webhookAllowPrivate: e.TIANPING_WEBHOOK_ALLOW_PRIVATE,
    ...overrides,
  }
  if (cfg.env === 'production' && !cfg.masterKey) {
    throw new ConfigError(
      'tianping: config: TIANPING_MASTER_KEY is required in production (32 random bytes in base64: openssl rand -base64 32)',
    )
  }
  return cfg
}
