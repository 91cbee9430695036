import { parseArgs } from 'node:util'
import { CliError, UsageError, type Command } from './cli-support.ts'
import { open, cliCtx } from './bootstrap.ts'
import * as auth from '../modules/auth/index.ts'
import { permissions, type Permission } from '../contracts/permissions.ts'
import { DomainError } from '../platform/errors.ts'

export const command: Command = {
  summary: 'create, list or revoke API keys for integrations',
  usage: `usage:
  tianping apikey create --name TEXT --user USERNAME --scope PERMISSION [--scope ...] [--expires-days N]
  tianping apikey revoke KEY_ID
  tianping apikey list [--all]
create prints the token once (JSON on stdout): send it as "Authorization: Bearer tp_…".
Scopes are permissions the owner holds: ${permissions.join(', ')}.`,
  async run(argv) {
    const { positionals, values } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { name: { type: 'string' }, user: { type: 'string' }, scope: { type: 'string', multiple: true }, 'expires-days': { type: 'string' }, all: { type: 'boolean' } },
    })
    const [action, target] = positionals
    const o = await open('tianping apikey', { migrate: true, quietKeyWarning: true })
    const ctx = cliCtx(o.services, 'apikey')
    try {
      switch (action) {
        case 'create': {
          if (!values.name) throw new UsageError('--name is required')
          if (!values.user) throw new UsageError('--user is required')
          const scopes = values.scope ?? []
          if (!scopes.length) throw new UsageError('give at least one --scope')
          const bad = scopes.filter((s) => !(permissions as readonly string[]).includes(s))
          if (bad.length) throw new UsageError(`unknown scope ${bad.join(', ')}`)
          const days = values['expires-days'] ? Number(values['expires-days']) : undefined
          if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650)) throw new UsageError('--expires-days must be a whole number from 1 to 3650')
          const u = await auth.findUserByUsername(o.database.db, values.user)
          if (!u) throw new CliError(`no user named "${values.user}"`)
          const r = await auth.createApiKey(ctx, { name: values.name, userId: u.id, scopes: scopes as Permission[], expiresInDays: days })
          process.stdout.write(JSON.stringify({ id: r.apiKey.id, key_id: r.apiKey.keyId, token: r.token, scopes: r.apiKey.scopes, expires_at: r.apiKey.expiresAt }) + '\n')
          return 0
        }
        case 'revoke': {
          if (!target) throw new UsageError('revoke needs a KEY_ID')
          const k = await o.database.db.selectFrom('apiKey').select('id').where((eb) => eb.or([eb('keyId', '=', target), ...(/^[0-9a-f-]{36}$/.test(target) ? [eb('id', '=', target)] : [])])).executeTakeFirst()
          if (!k) throw new CliError(`no API key "${target}"`)
          const r = await auth.revokeApiKey(ctx, k.id)
          process.stdout.write(JSON.stringify({ key_id: r.keyId, revoked_at: r.revokedAt }) + '\n')
          return 0
        }
        case 'list': {
          const r = await auth.listApiKeys(ctx, { includeRevoked: values.all, limit: 200 })
          for (const k of r.items) process.stdout.write(JSON.stringify({ key_id: k.keyId, name: k.name, user: k.username, scopes: k.scopes, revoked_at: k.revokedAt, last_used_at: k.lastUsedAt }) + '\n')
          return 0
        }
        default:
          throw new UsageError('say create, revoke or list')
      }
    } catch (e) {
      if (e instanceof DomainError) throw new CliError(e.message)
      throw e
    } finally {
      await o.close()
    }
  },
}
