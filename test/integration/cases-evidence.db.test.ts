import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { testEnv, type TestEnv, type LoginHeaders } from '../support/env.ts'
import { fileComplaint, complaintBody, doAction, multipartBody } from '../support/cases.ts'

let env: TestEnv
let handler: LoginHeaders
const dataDir = mkdtempSync(join(tmpdir(), 'tp-evidence-'))
before(async () => {
  env = await testEnv({ dataDir })
  handler = await env.login('handler')
})
after(async () => {
  await env.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('授权委托书：兹委托李律师代为办理投诉事宜。\n%%EOF\n')])

const upload = (file: Parameters<typeof multipartBody>[0], fields: Record<string, string> = {}, headers: Record<string, string> = handler) => {
  const m = multipartBody(file, fields)
  return env.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...headers, ...m.headers }, payload: m.payload })
}

test('a power of attorney is uploaded, stored by content hash, then used for an agent complaint', async () => {
  const r = await upload({ name: '授权委托书.pdf', type: 'application/pdf', content: pdf })
  assert.equal(r.statusCode, 201, r.body)
  const e = r.json()
  const sha = createHash('sha256').update(pdf).digest('hex')
  assert.equal(e.sha256, sha)
  assert.equal(e.sizeBytes, pdf.length)
  assert.equal(e.mediaType, 'application/pdf')
  assert.equal(e.filename, '授权委托书.pdf')
  assert.ok(existsSync(join(dataDir, 'evidence', sha.slice(0, 2), sha)))
  const c = await env.app.inject({
    method: 'POST', url: '/api/v1/complaints', headers: handler,
    payload: complaintBody({ channel: 'agent', agent: { name: '李律师', organization: '某律师事务所', powerOfAttorneyEvidenceId: e.id } }),
  })
  assert.equal(c.statusCode, 201, c.body)
  const list = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${c.json().id}/evidence`, headers: handler })).json()
  assert.deepEqual(list.items.map((x: { id: string }) => x.id), [e.id])
  // the same bytes again: a second record, one stored file
  const again = await upload({ name: 'copy.pdf', type: 'application/pdf', content: pdf })
  assert.equal(again.json().sha256, sha)
  assert.notEqual(again.json().id, e.id)
})

test('upload to a case, download it back (audited); tampering on disk is detected', async () => {
  const c = await fileComplaint(env, handler)
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('fake-but-typed')])
  const r = await upload({ name: '扣费短信截图.png', type: 'image/png', content: png }, { caseId: c.id })
  assert.equal(r.statusCode, 201, r.body)
  const d = await env.app.inject({ method: 'GET', url: `/api/v1/evidence/${r.json().id}/content`, headers: handler })
  assert.equal(d.statusCode, 200)
  assert.equal(d.headers['content-type'], 'image/png')
  assert.match(String(d.headers['content-disposition']), /filename\*=UTF-8''/)
  assert.deepEqual(d.rawPayload, png)
  assert.deepEqual(await env.auditActions(c.id), ['case.received', 'evidence.uploaded', 'evidence.downloaded'])
  writeFileSync(join(dataDir, 'evidence', r.json().sha256.slice(0, 2), r.json().sha256), Buffer.from('tampered'))
  const bad = await env.app.inject({ method: 'GET', url: `/api/v1/evidence/${r.json().id}/content`, headers: handler })
  assert.equal(bad.statusCode, 500)
  assert.equal(bad.json().error.code, 'cases.evidence_corrupted')
  assert.deepEqual(await env.auditActions(c.id), ['case.received', 'evidence.uploaded', 'evidence.downloaded'], 'a failed download is not recorded as one')
})

test('wrong types, mismatched types, empty, oversized and malformed uploads are refused', async () => {
  const exe = await upload({ name: 'invoice.pdf', type: 'application/pdf', content: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]) })
  assert.equal(exe.statusCode, 400)
  assert.equal(exe.json().error.code, 'cases.evidence_type_not_allowed')
  const mismatch = await upload({ name: 'photo.jpg', type: 'image/jpeg', content: pdf })
  assert.equal(mismatch.statusCode, 400)
  assert.equal(mismatch.json().error.code, 'cases.evidence_type_mismatch')
  const empty = await upload({ name: 'a.txt', type: 'text/plain', content: Buffer.alloc(0) })
  assert.equal(empty.json().error.code, 'cases.evidence_empty')
  const huge = await upload({ name: 'big.txt', type: 'text/plain', content: Buffer.alloc(20 * 1024 * 1024 + 1, 0x61) })
  assert.equal(huge.statusCode, 413)
  assert.equal(huge.json().error.code, 'cases.evidence_too_large')
  const noFile = await upload(null, { caseId: 'x' })
  assert.equal(noFile.statusCode, 400)
  const json = await env.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: handler, payload: { file: 'x' } })
  assert.equal(json.statusCode, 400)
  const unknownCase = await upload({ name: 'a.txt', type: 'text/plain', content: Buffer.from('hello') }, { caseId: '0190f0f0-0000-7000-8000-000000000000' })
  assert.equal(unknownCase.statusCode, 404)
  const auditor = await env.login('auditor')
  assert.equal((await upload({ name: 'a.txt', type: 'text/plain', content: Buffer.from('hello') }, {}, auditor)).statusCode, 403)
  const missing = await env.app.inject({ method: 'GET', url: '/api/v1/evidence/0190f0f0-0000-7000-8000-000000000000/content', headers: handler })
  assert.equal(missing.statusCode, 404)
})

test('an escalation carries documents of its case; documents of another case are refused', async () => {
  const c = await fileComplaint(env, handler)
  const other = await fileComplaint(env, handler, { complainants: [{ name: '别', phone: '13700009999' }] })
  const mine = (await upload({ name: '情况说明.txt', type: 'text/plain', content: Buffer.from('情况说明') }, { caseId: c.id })).json()
  const theirs = (await upload({ name: '其他.txt', type: 'text/plain', content: Buffer.from('其他') }, { caseId: other.id })).json()
  const refused = await doAction(env, handler, c.id, 'escalate', { body: 'mediation', reference: 'MED-7', evidenceIds: [theirs.id] })
  assert.equal(refused.statusCode, 400)
  assert.equal(refused.json().error.code, 'cases.evidence_not_on_case')
  const ok = await doAction(env, handler, c.id, 'escalate', { body: 'mediation', reference: 'MED-7', evidenceIds: [mine.id] })
  assert.equal(ok.statusCode, 200, ok.body)
  assert.deepEqual(ok.json().escalation.evidenceIds, [mine.id])
})
