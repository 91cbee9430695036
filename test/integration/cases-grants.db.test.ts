// Case grants (外部调阅授权): a regulator or police user reads the listed cases, redacted, while the grant lives.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders, type TestUser } from '../support/env.ts'
import { fileComplaint } from '../support/cases.ts'

let env: TestEnv
let admin: LoginHeaders
let supervisor: LoginHeaders
let regulator: TestUser
let police: TestUser
const DAY = 86_400_000

const req = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
  env.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
const inDays = (d: number) => new Date(env.clock.now().getTime() + d * DAY).toISOString()
const grant = (body: Record<string, unknown>) => req('POST', '/api/v1/case-grants', admin, { purpose: '浙公（经）协查字〔2026〕17号', expiresAt: inDays(30), ...body })
const listIds = async (headers: Record<string, string>) => {
  const res = await req('GET', '/api/v1/cases?limit=200', headers)
  assert.equal(res.statusCode, 200, res.body)
  return res.json<{ items: { id: string }[] }>().items.map((c) => c.id)
}

before(async () => {
  env = await testEnv()
  admin = await env.login('admin')
  supervisor = await env.login('supervisor')
  regulator = await env.createUser(['regulator'], { username: 'reg.zj' })
  police = await env.createUser(['police'], { username: 'police.hz' })
})
after(() => env.close())

test('before any grant an external user sees no case; a grant opens exactly its cases, redacted', async () => {
  const granted = await fileComplaint(env, supervisor, { complainants: [{ name: '欧阳修', phone: '13955556666', idNumber: '330106199001011234' }] })
  const other = await fileComplaint(env, supervisor)
  const r = await env.login(regulator)
  assert.deepEqual(await listIds(r), [])
  assert.equal((await req('GET', `/api/v1/cases/${granted.id}`, r)).statusCode, 404)

  await req('POST', `/api/v1/cases/${granted.id}/notes`, supervisor, { visibility: 'internal', text: '内部：疑似职业索赔' })
  await req('POST', `/api/v1/cases/${granted.id}/notes`, supervisor, { visibility: 'external', text: '您好，已受理。' })
  const created = await grant({ granteeId: regulator.id, caseIds: [granted.id] })
  assert.equal(created.statusCode, 201, created.body)
  assert.equal(created.json().active, true)
  assert.deepEqual(await env.auditActions(created.json().id), ['case_grant.created'])

  assert.deepEqual(await listIds(r), [granted.id])
  const view = await req('GET', `/api/v1/cases/${granted.id}`, r)
  assert.equal(view.statusCode, 200, view.body)
  const party = view.json().parties[0]
  assert.equal(party.masked, true)
  assert.match(party.phone, /\*/)
  assert.deepEqual(view.json().allowedActions, [])
  assert.equal(view.json().analysis, null)
  const other404 = await req('GET', `/api/v1/cases/${other.id}`, r)
  assert.equal(other404.statusCode, 404)
  assert.equal(other404.json().error.code, 'cases.not_found')

  const tl = (await req('GET', `/api/v1/cases/${granted.id}/timeline?limit=200`, r)).json()
  const texts = tl.items.map((e: { body: { text?: string } }) => e.body.text).filter(Boolean)
  assert.deepEqual(texts, ['您好，已受理。'], 'the internal note stays inside')
  assert.ok(tl.items.every((e: { visibility: string }) => e.visibility === 'external'))
  assert.ok(tl.items.every((e: { actorId: string | null; actorName: string | null }) => e.actorId === null && e.actorName === null), 'no staff names')
  const staffView = (await req('GET', `/api/v1/cases/${granted.id}/timeline?limit=200`, supervisor)).json()
  assert.ok(staffView.items.some((e: { actorName: string | null }) => e.actorName), 'staff still see who did what')
  // asking for internal events explicitly changes nothing
  assert.ok((await req('GET', `/api/v1/cases/${granted.id}/timeline?visibility=internal`, r)).json().items.every((e: { visibility: string }) => e.visibility === 'external'))

  // no reveal, no action, no offers, evidence, profile or dashboard
  assert.equal((await req('POST', `/api/v1/cases/${granted.id}/parties/${party.id}/reveal`, r, { reason: '调阅' })).statusCode, 403)
  assert.equal((await req('POST', `/api/v1/cases/${granted.id}/actions/triage`, r, {})).statusCode, 403)
  for (const path of ['offers', 'evidence', 'profile']) {
    const res = await req('GET', `/api/v1/cases/${granted.id}/${path}`, r)
    assert.equal(res.statusCode, 403, path)
    assert.equal(res.json().error.code, 'cases.grantee_forbidden')
  }
  assert.equal((await req('GET', '/api/v1/cases/dashboard', r)).statusCode, 403)
})

test('a sealed reporter stays sealed for a grantee', async () => {
  const report = await req('POST', '/api/v1/public/reports', {}, {
    text: '某店铺销售假冒品牌化妆品，已保留购买记录。', subject: { type: 'merchant', name: '某美妆店' }, reporter: { name: '匿名甲', phone: '13600001111' },
  })
  assert.equal(report.statusCode, 201, report.body)
  const id = (await req('GET', `/api/v1/cases?q=${report.json().caseNumber}`, supervisor)).json().items[0].id as string
  const p = await env.login(police)
  assert.equal((await grant({ granteeId: police.id, caseIds: [id] })).statusCode, 201)
  const parties = (await req('GET', `/api/v1/cases/${id}`, p)).json().parties as { sealed: boolean; name: string | null; phone: string | null }[]
  const sealed = parties.filter((x) => x.sealed)
  assert.equal(sealed.length, 1)
  assert.equal(sealed[0]!.name, null)
  assert.equal(sealed[0]!.phone, null)
})

test('an expired grant and a revoked grant open nothing', async () => {
  const c1 = await fileComplaint(env, supervisor)
  const c2 = await fileComplaint(env, supervisor)
  const shortLived = (await grant({ granteeId: regulator.id, caseIds: [c1.id], expiresAt: inDays(2) })).json()
  const revocable = (await grant({ granteeId: regulator.id, caseIds: [c2.id], expiresAt: inDays(60) })).json()
  let r = await env.login(regulator)
  assert.equal((await req('GET', `/api/v1/cases/${c1.id}`, r)).statusCode, 200)
  assert.equal((await req('GET', `/api/v1/cases/${c2.id}`, r)).statusCode, 200)

  const revoked = await req('DELETE', `/api/v1/case-grants/${revocable.id}`, admin)
  assert.equal(revoked.statusCode, 200, revoked.body)
  assert.equal(revoked.json().active, false)
  assert.deepEqual(await env.auditActions(revocable.id), ['case_grant.created', 'case_grant.revoked'])
  assert.equal((await req('GET', `/api/v1/cases/${c2.id}`, r)).statusCode, 404)
  assert.ok(!(await listIds(r)).includes(c2.id))
  const again = await req('DELETE', `/api/v1/case-grants/${revocable.id}`, admin)
  assert.equal(again.statusCode, 409)
  assert.equal(again.json().error.code, 'cases.grant_revoked')

  env.clock.advance(3 * DAY)
  admin = await env.login('admin') // sessions last 12 h
  supervisor = await env.login('supervisor')
  r = await env.login(regulator)
  const expired = await req('GET', `/api/v1/cases/${c1.id}`, r)
  assert.equal(expired.statusCode, 404)
  assert.equal(expired.json().error.code, 'cases.not_found')
  assert.ok(!(await listIds(r)).includes(c1.id))
  const listed = (await req('GET', '/api/v1/case-grants?includeInactive=true&limit=200', admin)).json().items as { id: string; active: boolean }[]
  assert.equal(listed.find((g) => g.id === shortLived.id)?.active, false)
  const live = (await req('GET', '/api/v1/case-grants?limit=200', admin)).json().items as { id: string }[]
  assert.ok(!live.some((g) => g.id === shortLived.id || g.id === revocable.id), 'only live grants by default')
})

test('bad grants are refused with the reason: not an external user, unknown case, expiry, size; admins only', async () => {
  const c = await fileComplaint(env, supervisor)
  const handler = await env.createUser(['handler'])
  const notExternal = await grant({ granteeId: handler.id, caseIds: [c.id] })
  assert.equal(notExternal.statusCode, 400)
  assert.equal(notExternal.json().error.code, 'cases.grantee_not_external')
  const unknownCase = '01900000-0000-7000-8000-000000000000'
  const missing = await grant({ granteeId: regulator.id, caseIds: [c.id, unknownCase] })
  assert.equal(missing.statusCode, 400)
  assert.deepEqual(missing.json().error.details.missing, [unknownCase])
  for (const expiresAt of [inDays(91), inDays(-1)]) {
    const bad = await grant({ granteeId: regulator.id, caseIds: [c.id], expiresAt })
    assert.equal(bad.statusCode, 400, expiresAt)
    assert.equal(bad.json().error.code, 'cases.grant_expiry_invalid')
  }
  assert.equal((await grant({ granteeId: regulator.id, caseIds: [c.id], expiresAt: undefined })).statusCode, 400, 'expiresAt is required')
  const tooMany = await grant({ granteeId: regulator.id, caseIds: Array.from({ length: 501 }, () => c.id) })
  assert.equal(tooMany.statusCode, 400)
  const bySupervisor = await req('POST', '/api/v1/case-grants', supervisor, { granteeId: regulator.id, caseIds: [c.id], purpose: 'x', expiresAt: inDays(5) })
  assert.equal(bySupervisor.statusCode, 403)
  assert.equal((await req('DELETE', '/api/v1/case-grants/01900000-0000-7000-8000-000000000001', admin)).json().error.code, 'cases.grant_not_found')
})

test('the desk’s internal settings are closed to external users; staff still read them', async () => {
  const p = await env.login(police)
  const handler = await env.login('handler')
  for (const url of ['/api/v1/queues', '/api/v1/routing-rules', '/api/v1/sla-policy-rules', '/api/v1/sla-policy-presets', '/api/v1/work-calendar', '/api/v1/message-templates', '/api/v1/message-templates/placeholders']) {
    const res = await req('GET', url, p)
    assert.equal(res.statusCode, 403, `${url}: ${res.body}`)
    assert.equal(res.json().error.code, 'cases.grantee_forbidden', url)
    assert.equal((await req('GET', url, handler)).statusCode, 200, url)
  }
})
