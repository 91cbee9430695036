import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type LoginHeaders, type TestEnv } from '../support/env.ts'
import * as keywords from '../../src/modules/keywords/index.ts'

let env: TestEnv
let analyst: LoginHeaders
let reviewer: LoginHeaders
let auditor: LoginHeaders
before(async () => {
  env = await testEnv()
  analyst = await env.login('analyst')
  reviewer = await env.login('reviewer')
  auditor = await env.login('auditor')
})
after(async () => {
  await keywords.matcherCache(env.services.db).idle()
  await env.close()
})

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'
const call = (method: Method, url: string, headers: Record<string, string>, payload?: unknown) =>
  env.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

async function lexiconRow(id: string) {
  return env.database.db.selectFrom('lexicon').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}
async function termCount(id: string) {
  const r = await env.database.db
    .selectFrom('lexiconTerm')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('lexiconId', '=', id)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}
async function newLexicon(name: string, scope = 'any'): Promise<string> {
  const res = await call('POST', '/api/v1/keywords/lexicons', analyst, { name, scope })
  assert.equal(res.statusCode, 201, res.body)
  return res.json().id as string
}

test('a fresh install scans with the built-in default lexicon (no lexicon stored)', async () => {
  const text = '全新高仿包包，加薇信聊'
  const res = await call('POST', '/api/v1/keywords/scan', reviewer, { text })
  assert.equal(res.statusCode, 200, res.body)
  const body = res.json()
  assert.equal(body.lexiconId, null)
  assert.equal(body.lexiconVersion, 0)
  assert.equal(body.mode, 'evasion')
  const terms = body.hits.map((h: { term: string }) => h.term)
  assert.ok(terms.includes('高仿'), JSON.stringify(body.hits))
  for (const h of body.hits) {
    assert.equal(text.slice(h.start, h.end), h.matched)
    assert.equal(h.termId, null)
  }
})

test('scan needs a login and keywords:scan', async () => {
  assert.equal((await call('POST', '/api/v1/keywords/scan', {}, { text: 'x' })).statusCode, 401)
  const res = await call('POST', '/api/v1/keywords/scan', auditor, { text: 'x' })
  assert.equal(res.statusCode, 403)
})

test('scan rejects wrong types, both or neither of text/texts, oversized texts and batches', async () => {
  const bad = async (payload: unknown, status: number, code: string) => {
    const res = await call('POST', '/api/v1/keywords/scan', reviewer, payload)
    assert.equal(res.statusCode, status, `${JSON.stringify(payload).slice(0, 80)}: ${res.body.slice(0, 300)}`)
    assert.equal(res.json().error.code, code)
  }
  await bad({ text: 42 }, 400, 'request.invalid')
  await bad({}, 400, 'request.invalid')
  await bad({ text: 'a', texts: [{ id: '1', text: 'b' }] }, 400, 'request.invalid')
  await bad({ texts: [] }, 400, 'request.invalid')
  await bad({ text: 'a', lexiconId: 'not-a-uuid' }, 400, 'request.invalid')
  await bad({ text: 'x'.repeat(100_001) }, 400, 'request.invalid')
  await bad(
    { texts: Array.from({ length: 101 }, (_, i) => ({ id: String(i), text: 'a' })) },
    400,
    'request.invalid',
  )
  // Each text within its limit, all together over the per-request total: 413. (Needs a body limit above 1 MiB.)
  const big = await testEnv({ bodyLimitBytes: 8 * 1024 * 1024 })
  try {
    const h = await big.login('reviewer')
    const texts = Array.from({ length: 11 }, (_, i) => ({ id: String(i), text: 'a'.repeat(100_000) }))
    const res = await big.app.inject({
      method: 'POST',
      url: '/api/v1/keywords/scan',
      headers: h,
      payload: { texts },
    })
    assert.equal(res.statusCode, 413, res.body.slice(0, 200))
    assert.equal(res.json().error.code, 'keywords.scan_too_large')
    // Past the HTTP body limit Fastify answers 413 before any parsing.
    const huge = await big.app.inject({
      method: 'POST',
      url: '/api/v1/keywords/scan',
      headers: h,
      payload: { text: 'a'.repeat(9 * 1024 * 1024) },
    })
    assert.equal(huge.statusCode, 413)
  } finally {
    await big.close()
  }
  await bad(
    { text: 'a', lexiconId: '0190b8a6-0000-7000-8000-000000000000' },
    404,
    'keywords.lexicon_not_found',
  )
})

test('lexicon CRUD: create 201 + audit, name conflict 409, get, patch, unknown 404, manage needs keywords:manage', async () => {
  const res = await call('POST', '/api/v1/keywords/lexicons', analyst, {
    name: '商品标题',
    description: 'listing titles',
    scope: 'listing',
  })
  assert.equal(res.statusCode, 201, res.body)
  const lex = res.json()
  assert.equal(lex.version, 1)
  assert.equal(lex.scope, 'listing')
  assert.equal(lex.termCount, 0)
  assert.deepEqual(await env.auditActions(lex.id), ['lexicon.created'])

  const dup = await call('POST', '/api/v1/keywords/lexicons', analyst, { name: '商品标题' })
  assert.equal(dup.statusCode, 409)
  assert.equal(dup.json().error.code, 'keywords.lexicon_name_taken')

  assert.equal((await call('POST', '/api/v1/keywords/lexicons', reviewer, { name: 'x' })).statusCode, 403)
  assert.equal(
    (await call('POST', '/api/v1/keywords/lexicons', analyst, { name: 'y', scope: 'everything' })).statusCode,
    400,
  )

  const patched = await call('PATCH', `/api/v1/keywords/lexicons/${lex.id}`, analyst, {
    description: 'titles and descriptions',
  })
  assert.equal(patched.statusCode, 200)
  assert.equal(patched.json().version, 2)
  assert.equal(patched.json().description, 'titles and descriptions')
  assert.deepEqual(await env.auditActions(lex.id), ['lexicon.created', 'lexicon.updated'])

  const got = await call('GET', `/api/v1/keywords/lexicons/${lex.id}`, auditor)
  assert.equal(got.statusCode, 200)
  assert.equal(got.json().name, '商品标题')
  const list = await call('GET', '/api/v1/keywords/lexicons', auditor)
  assert.ok(list.json().items.some((l: { id: string }) => l.id === lex.id))

  const missing = '0190b8a6-0000-7000-8000-000000000001'
  for (const [m, url, body] of [
    ['GET', `/api/v1/keywords/lexicons/${missing}`, undefined],
    ['PATCH', `/api/v1/keywords/lexicons/${missing}`, { name: 'z' }],
    ['DELETE', `/api/v1/keywords/lexicons/${missing}`, undefined],
    ['GET', `/api/v1/keywords/lexicons/${missing}/terms`, undefined],
    ['POST', `/api/v1/keywords/lexicons/${missing}/terms`, { term: '刷单' }],
    ['GET', `/api/v1/keywords/lexicons/${missing}/export`, undefined],
    ['POST', `/api/v1/keywords/lexicons/${missing}/import`, { format: 'txt', content: '刷单' }],
  ] as const) {
    const r = await call(m, url, analyst, body)
    assert.equal(r.statusCode, 404, `${m} ${url}: ${r.body}`)
    assert.equal(r.json().error.code, 'keywords.lexicon_not_found')
  }
  assert.equal((await call('GET', '/api/v1/keywords/lexicons/not-a-uuid', analyst)).statusCode, 400)

  const del = await call('DELETE', `/api/v1/keywords/lexicons/${lex.id}`, analyst)
  assert.equal(del.statusCode, 200)
  assert.equal((await call('GET', `/api/v1/keywords/lexicons/${lex.id}`, analyst)).statusCode, 404)
  assert.deepEqual(await env.auditActions(lex.id), ['lexicon.created', 'lexicon.updated', 'lexicon.deleted'])
})

test('terms: add, conflict, unmatchable, list with search/filter/cursor, update, delete; each bumps the version and audits', async () => {
  const id = await newLexicon('terms-crud')
  const add = (body: unknown) => call('POST', `/api/v1/keywords/lexicons/${id}/terms`, analyst, body)
  const r1 = await add({
    term: '刷单',
    category: 'order_brushing',
    severity: 'high',
    action: 'block',
    options: { variants: ['唰单'] },
    note: '刷单炒信',
  })
  assert.equal(r1.statusCode, 201, r1.body)
  assert.equal(r1.json().lexiconVersion, 2)
  const t1 = r1.json().term
  assert.deepEqual(t1.options, { variants: ['唰单'] })
  assert.equal(t1.allow, false)
  assert.equal(
    (await add({ term: '加微信', category: 'off_platform', options: { pinyin: true } })).statusCode,
    201,
  )
  assert.equal((await add({ term: '拒绝刷单', category: 'order_brushing', allow: true })).statusCode, 201)
  for (let i = 0; i < 5; i++)
    assert.equal((await add({ term: `测试词${i}`, category: 'test', severity: 'low' })).statusCode, 201)

  const dup = await add({ term: '刷单' })
  assert.equal(dup.statusCode, 409)
  assert.equal(dup.json().error.code, 'keywords.term_exists')
  const sep = await add({ term: '***' })
  assert.equal(sep.statusCode, 400)
  assert.equal(sep.json().error.code, 'keywords.term_unmatchable')
  assert.equal((await add({ term: '刷单', severity: 'extreme' })).statusCode, 400)
  assert.equal((await add({ term: '刷单', options: { maxGap: 99 } })).statusCode, 400)
  assert.equal((await add({ term: '刷单', options: { unknownOption: true } })).statusCode, 400)
  assert.equal((await add({ term: 'x'.repeat(101) })).statusCode, 400)
  assert.equal(await termCount(id), 8)
  assert.equal((await lexiconRow(id)).version, 9)

  const list = (q: string) => call('GET', `/api/v1/keywords/lexicons/${id}/terms${q}`, reviewer)
  const search = (await list('?q=微信')).json()
  assert.deepEqual(
    search.items.map((t: { term: string }) => t.term),
    ['加微信'],
  )
  assert.deepEqual(
    (await list('?allow=true')).json().items.map((t: { term: string }) => t.term),
    ['拒绝刷单'],
  )
  assert.deepEqual(
    (await list('?category=order_brushing&allow=false')).json().items.map((t: { term: string }) => t.term),
    ['刷单'],
  )
  assert.equal((await list('?severity=low')).json().items.length, 5)
  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const page: { items: { term: string }[]; nextCursor: string | null } = (
      await list(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
    ).json()
    seen.push(...page.items.map((t: { term: string }) => t.term))
    cursor = page.nextCursor
    pages++
  } while (cursor)
  assert.equal(pages, 3)
  assert.equal(new Set(seen).size, 8)
  assert.equal((await list('?limit=0')).statusCode, 400)

  const up = await call('PATCH', `/api/v1/keywords/lexicons/${id}/terms/${t1.id}`, analyst, {
    severity: 'critical',
    note: null,
  })
  assert.equal(up.statusCode, 200, up.body)
  assert.equal(up.json().term.severity, 'critical')
  assert.equal(up.json().term.note, null)
  assert.equal(up.json().lexiconVersion, 10)
  const clash = await call('PATCH', `/api/v1/keywords/lexicons/${id}/terms/${t1.id}`, analyst, {
    term: '加微信',
  })
  assert.equal(clash.statusCode, 409)
  const missingTerm = '0190b8a6-0000-7000-8000-000000000002'
  const nf = await call('PATCH', `/api/v1/keywords/lexicons/${id}/terms/${missingTerm}`, analyst, {
    severity: 'low',
  })
  assert.equal(nf.statusCode, 404)
  assert.equal(nf.json().error.code, 'keywords.term_not_found')
  assert.equal((await lexiconRow(id)).version, 10) // failed changes roll back their bump

  const del = await call('DELETE', `/api/v1/keywords/lexicons/${id}/terms/${t1.id}`, analyst)
  assert.equal(del.statusCode, 200)
  assert.equal(del.json().lexiconVersion, 11)
  assert.equal(
    (await call('DELETE', `/api/v1/keywords/lexicons/${id}/terms/${t1.id}`, analyst)).statusCode,
    404,
  )
  const actions = await env.auditActions(id)
  assert.deepEqual(actions, [
    'lexicon.created',
    ...Array(8).fill('lexicon_term.created'),
    'lexicon_term.updated',
    'lexicon_term.deleted',
  ])
})

test('import: a file with bad rows is rejected whole, naming every bad line; nothing is written', async () => {
  const id = await newLexicon('import-bad')
  const content = [
    '# header',
    '刷单\torder_brushing\thigh\tblock',
    '高仿\tcounterfeit\textreme',
    '',
    '代开发票\tfake_invoice\thigh\tblock\tcolour=red',
    '好评返现',
    '刷单\tother',
  ].join('\n')
  const auditBefore = (await env.auditActions()).length
  const res = await call('POST', `/api/v1/keywords/lexicons/${id}/import`, analyst, {
    format: 'txt',
    content,
  })
  assert.equal(res.statusCode, 400, res.body)
  const body = res.json()
  assert.equal(body.error.code, 'keywords.import_invalid')
  assert.deepEqual(
    body.error.details.errors.map((e: { line: number }) => e.line),
    [3, 5, 7],
  )
  assert.match(body.error.message, /line 3: severity/)
  assert.match(body.error.details.errors[2].message, /repeats line 2/)
  assert.equal(await termCount(id), 0)
  assert.equal((await lexiconRow(id)).version, 1)
  assert.equal((await env.auditActions()).length, auditBefore)

  const csv =
    'term,category,severity,action\n刷单,order_brushing,high,block\n"高仿",counterfeit,high,forbid\n代开发票,fake_invoice,4,block\n'
  const r2 = await call('POST', `/api/v1/keywords/lexicons/${id}/import`, analyst, {
    format: 'csv',
    content: csv,
  })
  assert.equal(r2.statusCode, 400)
  assert.deepEqual(
    r2.json().error.details.errors.map((e: { line: number }) => e.line),
    [3],
  )
  const r3 = await call('POST', `/api/v1/keywords/lexicons/${id}/import`, analyst, {
    format: 'csv',
    content: 'word,category\n刷单,x\n',
  })
  assert.equal(r3.statusCode, 400)
  assert.match(r3.json().error.message, /unknown column "word"/)
  const r4 = await call('POST', `/api/v1/keywords/lexicons/${id}/import`, analyst, {
    format: 'csv',
    content: 'term,category\n"刷单,x\n',
  })
  assert.equal(r4.statusCode, 400)
  assert.equal(r4.json().error.code, 'keywords.import_invalid')
  assert.equal(
    (await call('POST', `/api/v1/keywords/lexicons/${id}/import`, analyst, { format: 'xml', content: 'x' }))
      .statusCode,
    400,
  )
  assert.equal(await termCount(id), 0)
})

test('import: txt and csv, JSON or raw body; re-import changes nothing; replace deletes absent terms; export round-trips', async () => {
  const id = await newLexicon('import-good')
  const txt = [
    '# governance',
    '刷单\torder_brushing\thigh\tblock\tvariants=唰单',
    '加微信\toff_platform\tmedium\treview\tpinyin; variants=加V信',
    '不是假货\tcounterfeit\tlow\tallow',
    '高仿\tcounterfeit\t3',
  ].join('\n')
  const r1 = await call('POST', `/api/v1/keywords/lexicons/${id}/import`, analyst, {
    format: 'txt',
    content: txt,
  })
  assert.equal(r1.statusCode, 200, r1.body)
  assert.deepEqual(r1.json(), { lexiconVersion: 2, inserted: 4, updated: 0, unchanged: 0, deleted: 0 })
  const again = await call('POST', `/api/v1/keywords/lexicons/${id}/import`, analyst, {
    format: 'txt',
    content: txt,
  })
  assert.deepEqual(again.json(), { lexiconVersion: 2, inserted: 0, updated: 0, unchanged: 4, deleted: 0 })
  assert.equal(await termCount(id), 4)

  // The file itself as the body: text/plain is TERMS.txt, text/csv is CSV.
  const raw = await env.app.inject({
    method: 'POST',
    url: `/api/v1/keywords/lexicons/${id}/import`,
    headers: { ...analyst, 'content-type': 'text/csv; charset=utf-8' },
    payload:
      'term,category,severity,action,options,note\n高仿,counterfeit,critical,block,,titles\n代开发票,fake_invoice,high,block,,\n',
  })
  assert.equal(raw.statusCode, 200, raw.body)
  assert.deepEqual(raw.json(), { lexiconVersion: 3, inserted: 1, updated: 1, unchanged: 0, deleted: 0 })
  const plain = await env.app.inject({
    method: 'POST',
    url: `/api/v1/keywords/lexicons/${id}/import?mode=replace`,
    headers: { ...analyst, 'content-type': 'text/plain' },
    payload: '刷单\torder_brushing\thigh\tblock\tvariants=唰单\n高仿\tcounterfeit\tcritical\tblock\n',
  })
  assert.equal(plain.statusCode, 200, plain.body)
  assert.deepEqual(plain.json(), { lexiconVersion: 4, inserted: 0, updated: 0, unchanged: 2, deleted: 3 })

  const txtOut = await call('GET', `/api/v1/keywords/lexicons/${id}/export?format=txt`, auditor)
  assert.equal(txtOut.statusCode, 200)
  assert.match(String(txtOut.headers['content-type']), /^text\/plain/)
  assert.match(String(txtOut.headers['content-disposition']), /attachment/)
  assert.ok(txtOut.body.includes('刷单\torder_brushing\thigh\tblock\tvariants=唰单'), txtOut.body)
  const csvOut = await call('GET', `/api/v1/keywords/lexicons/${id}/export?format=csv`, auditor)
  assert.match(String(csvOut.headers['content-type']), /^text\/csv/)
  assert.match(csvOut.body, /^term,category,severity,action,options,note\n/)
  assert.ok(csvOut.body.includes('高仿,counterfeit,critical,block,,titles'), csvOut.body)
  assert.equal(
    (await call('GET', `/api/v1/keywords/lexicons/${id}/export?format=pdf`, auditor)).statusCode,
    400,
  )

  // Exports import back unchanged into the same lexicon and equal into a new one.
  for (const [format, content] of [
    ['txt', txtOut.body],
    ['csv', csvOut.body],
  ] as const) {
    const back = await call('POST', `/api/v1/keywords/lexicons/${id}/import`, analyst, { format, content })
    assert.deepEqual(
      back.json(),
      { lexiconVersion: 4, inserted: 0, updated: 0, unchanged: 2, deleted: 0 },
      format,
    )
  }
  const copy = await newLexicon('import-copy')
  await call('POST', `/api/v1/keywords/lexicons/${copy}/import`, analyst, {
    format: 'csv',
    content: csvOut.body,
  })
  const copyOut = await call('GET', `/api/v1/keywords/lexicons/${copy}/export?format=csv`, auditor)
  assert.equal(copyOut.body, csvOut.body)
  assert.deepEqual(await env.auditActions(id), ['lexicon.created', ...Array(6).fill('lexicon.imported')])
})

test('scan a stored lexicon: hits with ids, offsets, variants, exact mode, batch order, and per-term hit counts', async () => {
  const id = await newLexicon('scan-lexicon')
  await call('POST', `/api/v1/keywords/lexicons/${id}/import`, analyst, {
    format: 'txt',
    content:
      '刷单\torder_brushing\thigh\tblock\tvariants=唰单\n加微信\toff_platform\tmedium\treview\tpinyin\n拒绝刷单\torder_brushing\tlow\tallow',
  })
  const text = '專業刷*單，加 wei 信，拒绝刷单'
  const res = await call('POST', '/api/v1/keywords/scan', reviewer, { text, lexiconId: id })
  assert.equal(res.statusCode, 200, res.body)
  const body = res.json()
  assert.ok(body.hits, res.body)
  assert.equal(body.lexiconId, id)
  assert.equal(body.lexiconVersion, 2)
  assert.deepEqual(
    body.hits.map((h: { term: string }) => h.term),
    ['刷单', '加微信'],
  )
  const [h1, h2] = body.hits
  assert.equal(h1.matched, '刷*單')
  assert.equal(text.slice(h1.start, h1.end), h1.matched)
  assert.deepEqual(h1.variant, ['traditional', 'separator'])
  assert.equal(h1.action, 'block')
  assert.ok(h1.termId)
  assert.ok(h2.variant.includes('pinyin'))

  const exact = await call('POST', '/api/v1/keywords/scan', reviewer, { text, lexiconId: id, exact: true })
  assert.equal(exact.json().mode, 'exact')
  assert.deepEqual(exact.json().hits, []) // the allow entry covers the only verbatim 刷单

  const batch = await call('POST', '/api/v1/keywords/scan', reviewer, {
    lexiconId: id,
    texts: [
      { id: 'b', text: '唰单' },
      { id: 'a', text: '没有问题' },
      { id: 'c', text: '刷单刷单' },
    ],
  })
  const results = batch.json().results
  assert.deepEqual(
    results.map((r: { id: string; hits: unknown[] }) => [r.id, r.hits.length]),
    [
      ['b', 1],
      ['a', 0],
      ['c', 2],
    ],
  )
  assert.equal(batch.json().hits, undefined)

  const stats = await call('GET', `/api/v1/keywords/stats?lexiconId=${id}`, auditor)
  assert.equal(stats.statusCode, 200)
  const items = stats.json().items
  assert.deepEqual(
    items.map((s: { term: string; hits: number }) => [s.term, s.hits]),
    [
      ['刷单', 4],
      ['加微信', 1],
    ],
  )
  assert.equal(items[0].lastDay, '2026-03-02')
  env.clock.advanceDays(1)
  ;[analyst, reviewer, auditor] = [
    await env.login('analyst'),
    await env.login('reviewer'),
    await env.login('auditor'),
  ] // sessions last 12 h
  await call('POST', '/api/v1/keywords/scan', reviewer, { text: '刷单', lexiconId: id })
  const day2 = await call('GET', `/api/v1/keywords/stats?lexiconId=${id}&from=2026-03-03`, auditor)
  assert.deepEqual(
    day2.json().items.map((s: { term: string; hits: number }) => [s.term, s.hits]),
    [['刷单', 1]],
  )
  assert.equal((await call('GET', '/api/v1/keywords/stats?from=yesterday', auditor)).statusCode, 400)
})

test('matcher swap: during a rebuild scans get the old version whole, then the new one', async () => {
  const id = await newLexicon('swap')
  await call('POST', `/api/v1/keywords/lexicons/${id}/terms`, analyst, {
    term: '刷单',
    category: 'order_brushing',
  })
  const scanV = async () => {
    const r = await call('POST', '/api/v1/keywords/scan', reviewer, {
      text: '刷单返现，好评返现',
      lexiconId: id,
    })
    assert.equal(r.statusCode, 200, r.body)
    const b = r.json()
    return {
      version: b.lexiconVersion as number,
      terms: b.hits.map((h: { term: string }) => h.term) as string[],
    }
  }
  assert.deepEqual(await scanV(), { version: 2, terms: ['刷单'] })

  const cache = keywords.matcherCache(env.services.db)
  const release = cache.holdSwaps()
  const add = await call('POST', `/api/v1/keywords/lexicons/${id}/terms`, analyst, {
    term: '好评返现',
    category: 'order_brushing',
  })
  assert.equal(add.json().lexiconVersion, 3)
  // The rebuild has started (the first scan saw version 3 in the database) but cannot swap in yet.
  const during = await Promise.all([scanV(), scanV(), scanV()])
  for (const d of during) assert.deepEqual(d, { version: 2, terms: ['刷单'] })
  assert.equal(cache.cachedVersion(id), 2)
  release()
  await cache.idle()
  assert.equal(cache.cachedVersion(id), 3)
  assert.deepEqual(await scanV(), { version: 3, terms: ['刷单', '好评返现'] })

  // A change made through this process starts the rebuild at once, without waiting for a scan to notice it.
  await call('DELETE', `/api/v1/keywords/lexicons/${id}/terms/${add.json().term.id}`, analyst)
  await cache.idle()
  assert.equal(cache.cachedVersion(id), 4)
  assert.deepEqual(await scanV(), { version: 4, terms: ['刷单'] })
  // A change the cache did not hear of (another API node): the scan noticing it still answers from the old matcher.
  await env.database.db.updateTable('lexicon').set({ version: 5 }).where('id', '=', id).execute()
  const release2 = cache.holdSwaps()
  assert.deepEqual(await scanV(), { version: 4, terms: ['刷单'] })
  release2()
  await cache.idle()
  assert.deepEqual(await scanV(), { version: 5, terms: ['刷单'] })
})

test('feedback: a false positive proposes an allow-list entry; accepting adds it and the hit goes away', async () => {
  const id = await newLexicon('feedback')
  await call('POST', `/api/v1/keywords/lexicons/${id}/terms`, analyst, {
    term: '代考',
    category: 'prohibited',
    severity: 'high',
    action: 'block',
  })
  const text = '这份报告需要代考察小组审阅'
  const scan1 = (await call('POST', '/api/v1/keywords/scan', reviewer, { text, lexiconId: id })).json()
  assert.equal(scan1.hits.length, 1)
  const hit = scan1.hits[0]

  const fbRes = await call('POST', '/api/v1/keywords/feedback', reviewer, {
    lexiconId: id,
    term: hit.term,
    text,
    start: hit.start,
    end: hit.end,
    note: '代考察 is not 代考',
  })
  assert.equal(fbRes.statusCode, 201, fbRes.body)
  const fb = fbRes.json()
  assert.equal(fb.status, 'proposed')
  assert.equal(fb.matched, '代考')
  assert.equal(fb.proposedTerm, '需要代考察小')
  assert.ok(fb.context.includes('代考察'))
  assert.deepEqual(await env.auditActions(fb.id), ['keyword_feedback.proposed'])

  const wrongSpan = await call('POST', '/api/v1/keywords/feedback', reviewer, {
    lexiconId: id,
    term: '代考',
    text,
    start: 0,
    end: 2,
  })
  assert.equal(wrongSpan.statusCode, 400)
  assert.equal(wrongSpan.json().error.code, 'keywords.hit_not_found')
  const notCovering = await call('POST', '/api/v1/keywords/feedback', reviewer, {
    lexiconId: id,
    term: '代考',
    text,
    start: hit.start,
    end: hit.end,
    proposedTerm: '小组',
  })
  assert.equal(notCovering.statusCode, 400)
  assert.equal(notCovering.json().error.code, 'keywords.proposal_ineffective')
  assert.equal(
    (
      await call('POST', '/api/v1/keywords/feedback', reviewer, {
        lexiconId: id,
        term: '代考',
        text,
        start: 5,
        end: 99,
      })
    ).statusCode,
    400,
  )

  assert.equal(
    (await call('POST', `/api/v1/keywords/feedback/${fb.id}/accept`, reviewer, {})).statusCode,
    403,
  )
  const acc = await call('POST', `/api/v1/keywords/feedback/${fb.id}/accept`, analyst, {
    proposedTerm: '代考察',
  })
  assert.equal(acc.statusCode, 200, acc.body)
  assert.equal(acc.json().feedback.status, 'accepted')
  assert.equal(acc.json().feedback.proposedTerm, '代考察')
  assert.equal(acc.json().lexiconVersion, 3)
  const allow = await env.database.db
    .selectFrom('lexiconTerm')
    .selectAll()
    .where('id', '=', acc.json().feedback.allowTermId)
    .executeTakeFirstOrThrow()
  assert.equal(allow.term, '代考察')
  assert.equal(allow.allow, true)
  assert.ok((await env.auditActions(id)).includes('keyword_feedback.accepted'))

  await call('POST', '/api/v1/keywords/scan', reviewer, { text, lexiconId: id }) // notices version 3
  await keywords.matcherCache(env.services.db).idle()
  const scan2 = (await call('POST', '/api/v1/keywords/scan', reviewer, { text, lexiconId: id })).json()
  assert.equal(scan2.lexiconVersion, 3)
  assert.deepEqual(scan2.hits, [])
  assert.equal(
    (await call('POST', '/api/v1/keywords/scan', reviewer, { text: '找人代考', lexiconId: id })).json().hits
      .length,
    1,
  )

  const again = await call('POST', `/api/v1/keywords/feedback/${fb.id}/reject`, analyst, {})
  assert.equal(again.statusCode, 409)
  assert.equal(again.json().error.code, 'keywords.feedback_decided')

  const fb2 = (
    await call('POST', '/api/v1/keywords/feedback', reviewer, {
      lexiconId: id,
      term: '代考',
      text: '找人代考',
      start: 2,
      end: 4,
    })
  ).json()
  const rej = await call('POST', `/api/v1/keywords/feedback/${fb2.id}/reject`, analyst, {
    note: 'a real hit',
  })
  assert.equal(rej.statusCode, 200)
  assert.equal(rej.json().status, 'rejected')
  assert.deepEqual(await env.auditActions(fb2.id), ['keyword_feedback.proposed', 'keyword_feedback.rejected'])
  const open = await call('GET', `/api/v1/keywords/feedback?lexiconId=${id}&status=rejected`, auditor)
  assert.deepEqual(
    open.json().items.map((f: { id: string }) => f.id),
    [fb2.id],
  )
  assert.equal(
    (await call('POST', '/api/v1/keywords/feedback/0190b8a6-0000-7000-8000-000000000003/accept', analyst, {}))
      .statusCode,
    404,
  )
})

test('the default lexicon registered by the seeder becomes what a scan without lexiconId uses', async () => {
  const rows = await keywords.seedDemoKeywords(env.ctx())
  assert.ok(rows > 100)
  assert.equal(await keywords.seedDemoKeywords(env.ctx()), 0) // idempotent
  const lex = (await call('GET', '/api/v1/keywords/lexicons', auditor))
    .json()
    .items.find((l: { isDefault: boolean }) => l.isDefault)
  assert.equal(lex.name, keywords.defaultLexiconName)
  assert.equal(lex.termCount, keywords.defaultLexicon().length)
  const res = (await call('POST', '/api/v1/keywords/scan', reviewer, { text: '全新高仿包包' })).json()
  assert.equal(res.lexiconId, lex.id)
  assert.equal(res.lexiconVersion, 1)
  assert.equal(res.hits[0].term, '高仿')
  assert.ok(res.hits[0].termId)
  // A feedback without lexiconId goes to the default lexicon.
  const fb = await call('POST', '/api/v1/keywords/feedback', reviewer, {
    term: '高仿',
    text: '全新高仿包包',
    start: 2,
    end: 4,
  })
  assert.equal(fb.statusCode, 201, fb.body)
  assert.equal(fb.json().lexiconId, lex.id)
  // Making another lexicon the default moves the flag.
  const other = await newLexicon('other-default')
  const p = await call('PATCH', `/api/v1/keywords/lexicons/${other}`, analyst, { isDefault: true })
  assert.equal(p.json().isDefault, true)
  assert.equal((await lexiconRow(lex.id)).isDefault, false)
  assert.equal(
    (await call('POST', '/api/v1/keywords/scan', reviewer, { text: '全新高仿包包' })).json().lexiconId,
    other,
  )
})
