import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders } from '../support/env.ts'
import { complaintBody, fileComplaint } from '../support/cases.ts'

let env: TestEnv
let admin: LoginHeaders
let handler: LoginHeaders
before(async () => {
  env = await testEnv()
  admin = await env.login('admin')
  handler = await env.login('handler')
})
after(() => env.close())

const req = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload?: unknown) =>
  env.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })

interface Term { id: string; code: string; parentCode: string | null; depth: number; active: boolean; labelZh: string }

test('the migration seeds the built-in codes and a category tree listed depth first', async () => {
  const demands = (await req('GET', '/api/v1/taxonomy?kind=demand_type', handler)).json<{ items: Term[] }>().items
  assert.ok(demands.some((t) => t.code === 'full_surrender' && t.labelZh === '全额退保'))
  const lines = (await req('GET', '/api/v1/taxonomy?kind=product_line', handler)).json<{ items: Term[] }>().items
  assert.equal(lines.length, 16)
  const cats = (await req('GET', '/api/v1/taxonomy?kind=category', handler)).json<{ items: Term[] }>().items
  const i = cats.findIndex((t) => t.code === '银行卡')
  assert.equal(cats[i]!.depth, 0)
  assert.ok(cats.slice(i + 1, i + 3).every((t) => t.parentCode === '银行卡' && t.depth === 1))
  assert.equal((await req('GET', '/api/v1/taxonomy?kind=nope', handler)).statusCode, 400)
})

test('admins create, relabel, move and deactivate terms, audited; handlers cannot; duplicates, bad parents and cycles are refused', async () => {
  const created = await req('POST', '/api/v1/taxonomy', admin, { kind: 'category', code: '银行卡/挂失', parentCode: '银行卡', labelZh: '挂失', labelEn: 'Lost card' })
  assert.equal(created.statusCode, 201, created.body)
  const id = created.json<Term>().id
  assert.equal((await req('POST', '/api/v1/taxonomy', handler, { kind: 'category', code: 'x', labelZh: 'x', labelEn: 'x' })).statusCode, 403)
  assert.equal((await req('PATCH', `/api/v1/taxonomy/${id}`, handler, { active: false })).statusCode, 403)

  const dup = await req('POST', '/api/v1/taxonomy', admin, { kind: 'category', code: '银行卡/挂失', labelZh: '挂失', labelEn: 'Lost' })
  assert.equal(dup.statusCode, 409)
  assert.equal(dup.json().error.code, 'cases.taxonomy_code_exists')
  const noParent = await req('POST', '/api/v1/taxonomy', admin, { kind: 'category', code: '无/子', parentCode: '无', labelZh: '子', labelEn: 'Child' })
  assert.equal(noParent.statusCode, 400)
  assert.equal(noParent.json().error.code, 'cases.taxonomy_parent_not_found')
  const flatParent = await req('POST', '/api/v1/taxonomy', admin, { kind: 'demand_type', code: 'x', parentCode: 'refund', labelZh: 'x', labelEn: 'x' })
  assert.equal(flatParent.json().error.code, 'cases.taxonomy_parent_not_category')

  const root = (await req('GET', '/api/v1/taxonomy?kind=category', admin)).json<{ items: Term[] }>().items.find((t) => t.code === '银行卡')!
  const cycle = await req('PATCH', `/api/v1/taxonomy/${root.id}`, admin, { parentCode: '银行卡/挂失' })
  assert.equal(cycle.statusCode, 400)
  assert.equal(cycle.json().error.code, 'cases.taxonomy_cycle')
  const self = await req('PATCH', `/api/v1/taxonomy/${root.id}`, admin, { parentCode: '银行卡' })
  assert.equal(self.json().error.code, 'cases.taxonomy_cycle')

  const moved = await req('PATCH', `/api/v1/taxonomy/${id}`, admin, { parentCode: '信用卡', labelZh: '卡片挂失' })
  assert.equal(moved.statusCode, 200, moved.body)
  assert.equal(moved.json<Term>().parentCode, '信用卡')
  const off = await req('PATCH', `/api/v1/taxonomy/${id}`, admin, { active: false })
  assert.equal(off.json<Term>().active, false)
  const listed = (await req('GET', '/api/v1/taxonomy?kind=category', admin)).json<{ items: Term[] }>().items.find((t) => t.id === id)!
  assert.equal(listed.active, false, 'inactive terms are still listed')
  assert.equal(listed.depth, 1)
  assert.deepEqual(await env.auditActions(id), ['taxonomy.created', 'taxonomy.updated', 'taxonomy.updated'])
  assert.equal((await req('PATCH', '/api/v1/taxonomy/00000000-0000-4000-8000-000000000000', admin, { active: false })).statusCode, 404)
})

test('intake accepts an active admin-added demand type and refuses an inactive or unknown one', async () => {
  const t = await req('POST', '/api/v1/taxonomy', admin, { kind: 'demand_type', code: 'reinstatement', labelZh: '恢复保单效力', labelEn: 'Reinstatement' })
  assert.equal(t.statusCode, 201, t.body)
  const ok = await fileComplaint(env, handler, { demandType: 'reinstatement', complainants: [{ name: '李四', phone: '13900000001' }] })
  assert.equal(ok.demandType, 'reinstatement')
  const edited = await req('PATCH', `/api/v1/cases/${ok.id}`, handler, { demandType: 'refund' })
  assert.equal(edited.statusCode, 200, edited.body)
  const badEdit = await req('PATCH', `/api/v1/cases/${ok.id}`, handler, { demandType: 'made_up' })
  assert.equal(badEdit.json().error.code, 'cases.unknown_taxonomy_code')
  assert.equal((await fileComplaint(env, handler, { demandType: 'refund', complainants: [{ name: '王五', phone: '13900000002' }] })).demandType, 'refund')

  await req('PATCH', `/api/v1/taxonomy/${t.json<Term>().id}`, admin, { active: false })
  for (const demandType of ['reinstatement', 'made_up']) {
    const res = await req('POST', '/api/v1/complaints', handler, complaintBody({ demandType, complainants: [{ name: '赵六', phone: '13900000003' }] }))
    assert.equal(res.statusCode, 400, res.body)
    assert.equal(res.json().error.code, 'cases.unknown_taxonomy_code')
    assert.match(res.json().error.message, new RegExp(`demandType ${demandType}`))
  }
  const imported = await req('POST', '/api/v1/complaints/import', handler, {
    rows: [
      complaintBody({ externalId: 'TX-1', complainants: [{ name: '钱七', phone: '13900000004' }] }),
      complaintBody({ externalId: 'TX-2', demandType: 'made_up', complainants: [{ name: '孙八', phone: '13900000005' }] }),
    ],
  })
  assert.equal(imported.statusCode, 400, imported.body)
  assert.deepEqual(imported.json().error.details.invalid.map((i: { row: number }) => i.row), [2])
  assert.match(imported.body, /row 2: demandType made_up/)
})
