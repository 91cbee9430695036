import { parseArgs } from 'node:util'
import { CliError, UsageError, type Command } from './cli-support.ts'
import { open, cliCtx } from './bootstrap.ts'
import * as auth from '../modules/auth/index.ts'
import { roles, type Role } from '../contracts/permissions.ts'
import { CreateUserBody } from '../contracts/auth.schema.ts'
import { DomainError } from '../platform/errors.ts'

export const command: Command = {
  summary: 'create, list, disable or enable users; reset a password',
  usage: `usage:
  tianping user create --username NAME --display-name TEXT --role ROLE [--role ROLE ...] [--email E]
  tianping user reset-password USERNAME
  tianping user disable USERNAME
  tianping user enable USERNAME
  tianping user reset-2fa USERNAME
  tianping user list
Roles: ${roles.join(', ')}. create and reset-password print a one-time password (JSON on stdout),
which must be changed at first login.`,
  async run(argv) {
    const { positionals, values } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        username: { type: 'string' }, 'display-name': { type: 'string' }, role: { type: 'string', multiple: true },
        email: { type: 'string' },
      },
    })
    const [action, target] = positionals
    if (!action) throw new UsageError('say create, reset-password, disable, enable, reset-2fa or list')
    const o = await open('tianping user', { migrate: true, quietKeyWarning: true })
    const ctx = cliCtx(o.services, 'user')
    try {
      const find = async () => {
        if (!target) throw new UsageError(`${action} needs a USERNAME`)
        const u = await auth.findUserByUsername(o.database.db, target)
        if (!u) throw new CliError(`no user named "${target}"`)
        return u
      }
      switch (action) {
        case 'create': {
          const parsed = CreateUserBody.safeParse({ username: values.username, displayName: values['display-name'] ?? values.username, roles: values.role ?? [], email: values.email })
          if (!parsed.success) {
            const i = parsed.error.issues[0]!
            throw new UsageError(`--${String(i.path[0]).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()).replace(/s$/, '')}: ${i.message}`)
          }
          const r = await auth.createUser(ctx, { ...parsed.data, roles: parsed.data.roles as Role[] })
          process.stdout.write(JSON.stringify({ id: r.user.id, username: r.user.username, roles: r.user.roles, one_time_password: r.initialPassword }) + '\n')
          return 0
        }
        case 'reset-password': {
          const u = await find()
          const r = await auth.resetPassword(ctx, u.id)
          process.stdout.write(JSON.stringify({ username: u.username, one_time_password: r.initialPassword }) + '\n')
          return 0
        }
        case 'disable':
        case 'enable': {
          const u = await find()
          await auth.updateUser(ctx, u.id, { disabled: action === 'disable' })
          process.stdout.write(JSON.stringify({ username: u.username, disabled: action === 'disable' }) + '\n')
          return 0
        }
        case 'reset-2fa': {
          const u = await find()
          await auth.adminResetTotp(ctx, u.id)
          process.stdout.write(JSON.stringify({ username: u.username, totp_enabled: false }) + '\n')
          return 0
        }
        case 'list': {
          let cursor: string | undefined
          do {
            const page = await auth.listUsers(ctx, { cursor, limit: 200 })
            for (const u of page.items) {
              process.stdout.write(JSON.stringify({ id: u.id, username: u.username, display_name: u.displayName, roles: u.roles, disabled: u.disabled, locked: u.locked, totp_enabled: u.totpEnabled }) + '\n')
            }
            cursor = page.nextCursor ?? undefined
          } while (cursor)
          return 0
        }
        default:
          throw new UsageError(`unknown action "${action}"`)
      }
    } catch (e) {
      if (e instanceof DomainError) throw new CliError(e.message)
      throw e
    } finally {
      await o.close()
    }
  },
}
