// Demo staff accounts: one per role, sharing one generated password printed at first start. Display names
// are plain names, as in a real directory: the console shows roles where they matter.
import type { Ctx } from '../../platform/ctx.ts'
import { createUser } from './user.service.ts'
import { byUsername } from './user.repo.ts'
import type { Role } from '../../contracts/permissions.ts'

export const demoStaff: { username: string; displayName: string; roles: Role[] }[] = [
  { username: 'wang.fang', displayName: '王芳', roles: ['supervisor'] },
  { username: 'li.na', displayName: '李娜', roles: ['handler'] },
  { username: 'zhang.wei', displayName: '张伟', roles: ['handler'] },
  { username: 'liu.yang', displayName: '刘洋', roles: ['handler'] },
  { username: 'chen.jing', displayName: '陈静', roles: ['reviewer'] },
  { username: 'yang.lei', displayName: '杨磊', roles: ['analyst'] },
  { username: 'zhao.min', displayName: '赵敏', roles: ['auditor'] },
  { username: 'zhou.jian', displayName: '周健', roles: ['regulator'] },
]

export async function seedDemoStaff(ctx: Ctx, password: string): Promise<number> {
  let n = 0
  for (const s of demoStaff) {
    if (await byUsername(ctx.db, s.username)) continue
    await createUser(ctx, { ...s, password })
    n++
  }
  return n
}
