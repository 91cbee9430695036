// A report from the public form handled to closure: receipt code → staff inbox → triage, assign, start,
// playbook, propose, resolve, close → the audit chain verifies → the reporter sees the case closed.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { connect, newContext, screenshot, staffPassword, watchErrors } from './support.ts'

process.env.TP_E2E_SHOT_PREFIX = 'cases-'
let browser: Browser
let publicContext: BrowserContext
let staffContext: BrowserContext
let reporter: Page
let staff: Page
let errors: string[] = []
let reporterErrors: string[] = []
let receiptCode = ''
let caseNumber = ''

before(async () => {
  browser = await connect()
  publicContext = await newContext(browser)
  staffContext = await newContext(browser)
  reporter = await publicContext.newPage()
  staff = await staffContext.newPage()
  reporterErrors = watchErrors(reporter)
  errors = watchErrors(staff)
})
after(async () => {
  await publicContext?.close()
  await staffContext?.close()
  await browser?.close()
})

/** Picks an option of the antd Select inside `scope` by its visible text. */
async function choose(page: Page, testId: string, text: string | RegExp) {
  await page.getByTestId(testId).click()
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click()
}

async function act(action: string, fill?: () => Promise<void>) {
  await staff.getByTestId(`action-${action}`).click()
  const dialog = staff.locator('.ant-modal:visible')
  await dialog.waitFor()
  if (fill) await fill()
  await staff.getByTestId('action-confirm').click()
  await dialog.waitFor({ state: 'hidden' })
}

async function statusIs(status: string) {
  await staff.getByTestId('case-header').locator(`[data-testid="case-status"][data-status="${status}"]`).waitFor()
}

test('anyone files a report on the public form without logging in and gets a receipt code once', async () => {
  await reporter.goto('/public/report')
  await reporter.getByTestId('report-form').waitFor()
  await screenshot(reporter, 'public-report-form')
  await reporter.getByTestId('report-subject').fill('e2e 假货旗舰店')
  await reporter.getByTestId('report-text').fill('该店铺销售假冒品牌运动鞋，鞋盒防伪码无法查询。订单号 E2E-20261201。')
  await reporter.getByTestId('report-submit').click()
  await reporter.getByTestId('report-receipt').waitFor()
  receiptCode = (await reporter.getByTestId('receipt-code').innerText()).trim()
  caseNumber = /TP-\d{4}-\d{6}/.exec(await reporter.getByTestId('report-number').innerText())?.[0] ?? ''
  assert.match(receiptCode, /^[A-Z0-9-]{8,40}$/)
  assert.match(caseNumber, /^TP-\d{4}-\d{6}$/)
  await screenshot(reporter, 'public-receipt')
})

test('the receipt code shows the new report to its reporter, who adds information', async () => {
  await reporter.getByTestId('receipt-track').click()
  await reporter.getByTestId('track-result').waitFor()
  assert.equal(await reporter.getByTestId('track-status').locator('[data-status]').getAttribute('data-status'), 'new')
  await reporter.getByTestId('track-message').fill('补充：店铺已改名，但链接仍在售。')
  await reporter.getByTestId('track-send').click()
  await reporter.getByTestId('track-messages').getByText('补充：店铺已改名').waitFor()
  // A photo as evidence: PNG by its content, so the server accepts it.
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('e2e photo of the shoe box')])
  await reporter.getByTestId('track-file-input').setInputFiles({ name: '鞋盒照片.png', mimeType: 'image/png', buffer: png })
  await reporter.getByTestId('track-files').getByText('鞋盒照片.png').waitFor()
  await screenshot(reporter, 'public-track-new')
})

test('a supervisor logs in and finds the report in the inbox, sorted by clock', async (t) => {
  if (!staffPassword()) return t.skip('the server printed no demo staff (TIANPING_DEMO=false?)')
  await staff.goto('/cases')
  await staff.waitForURL(/\/login/)
  await staff.getByTestId('login-username').fill('wang.fang')
  await staff.getByTestId('login-password').fill(staffPassword())
  await staff.getByTestId('login-submit').click()
  await staff.getByTestId('cases-table').waitFor()
  await staff.getByTestId('clock-badge').first().waitFor()
  await screenshot(staff, 'inbox')
  await staff.getByTestId('cases-search').locator('input').fill(caseNumber)
  await staff.getByTestId('cases-search').locator('input').press('Enter')
  const row = staff.locator(`tr[data-case-number="${caseNumber}"]`)
  await row.waitFor()
  assert.equal(await staff.locator('tr[data-case-number]').count(), 1)
  await screenshot(staff, 'inbox-search')
  await row.getByTestId('case-link').click()
  await staff.getByTestId('case-page').waitFor()
  assert.equal((await staff.getByTestId('case-number').innerText()).trim(), caseNumber)
  await statusIs('new')
  await staff.getByTestId('timeline').getByText('补充：店铺已改名').waitFor()
  await screenshot(staff, 'case-new')
})

test('triage, assign to self and start', async (t) => {
  if (!staffPassword()) return t.skip('no demo staff')
  await act('triage', async () => {
    await staff.getByTestId('action-category').fill('电商/假冒商品')
  })
  await statusIs('triaged')
  await act('assign', async () => {
    await choose(staff, 'action-assignee', /王芳/)
  })
  await statusIs('assigned')
  assert.match(await staff.getByTestId('case-assignee').innerText(), /王芳/)
  await act('start')
  await statusIs('investigating')
  await screenshot(staff, 'case-investigating')
})

test('an internal note and propose; resolve is refused (translated 409) until the playbook steps are done', async (t) => {
  if (!staffPassword()) return t.skip('no demo staff')
  await staff.getByTestId('note-text').fill('已联系商家，要求提供进货凭证。')
  await staff.getByTestId('note-add').click()
  await staff.getByTestId('timeline').getByText('已联系商家，要求提供进货凭证。').waitFor()

  // Five-dimension analysis: scores 0-5 give an overall risk level.
  await staff.getByTestId('analysis-edit').click()
  for (const [k, stars] of [['demand', 3], ['factsEvidence', 4], ['liability', 4], ['legalRisk', 5], ['publicOpinionRisk', 2]] as const) {
    await staff.getByTestId(`analysis-score-${k}`).locator('li').nth(stars - 1).click()
  }
  await staff.getByTestId('analysis-save').click()
  await staff.getByTestId('five-dimensions').getByTestId('risk-tag').waitFor()
  // Evidence: a small text file, stored content-addressed; the list shows it.
  await staff.getByTestId('evidence-file').setInputFiles({ name: '商家进货凭证说明.txt', mimeType: 'text/plain', buffer: Buffer.from('商家无法提供品牌授权与进货凭证。\n') })
  await staff.getByTestId('evidence').getByText('商家进货凭证说明.txt').waitFor()
  await staff.getByTestId('evidence').getByText('鞋盒照片.png').waitFor() // the reporter's photo, on the same list
  await screenshot(staff, 'case-analysis-evidence')

  await act('propose')
  await statusIs('proposed')
  // Resolving before the playbook is done: the server's 409 is shown translated, and nothing changes.
  await staff.getByTestId('action-resolve').click()
  await choose(staff, 'action-outcome', '支持诉求')
  await staff.getByTestId('action-confirm').click()
  assert.match(await staff.getByTestId('action-error').innerText(), /处理规范中还有必做步骤未完成/)
  await screenshot(staff, 'resolve-refused')
  await staff.locator('.ant-modal:visible').getByRole('button', { name: /取\s*消/ }).click()
  await statusIs('proposed')

  const buttons = staff.locator('[data-testid^="step-complete-"]')
  // Complete every step; each click re-renders the list, so always take the first remaining button.
  for (let guard = 0; (await buttons.count()) > 0 && guard < 20; guard++) {
    const id = (await buttons.first().getAttribute('data-testid'))!.replace('step-complete-', '')
    await buttons.first().click()
    await staff.locator(`[data-testid="step-${id}"][data-done="true"]`).waitFor()
  }
  assert.equal(await staff.locator('[data-testid^="step-"][data-done="false"]').count(), 0)
  await screenshot(staff, 'case-playbook-done')
})

test('resolve with an outcome, then close', async (t) => {
  if (!staffPassword()) return t.skip('no demo staff')
  await staff.getByTestId('note-text').fill('经核实情况属实，已下架相关商品并处罚商家。')
  await staff.getByTestId('note-external').click()
  await staff.getByTestId('note-add').click()
  await staff.getByTestId('timeline').getByText('经核实情况属实').waitFor()
  await act('resolve', async () => {
    await choose(staff, 'action-outcome', '支持诉求')
  })
  await statusIs('resolved')
  await act('close')
  await statusIs('closed')
  // a closed case can only be reopened, or appealed (复议) within the window
  const left = await staff.getByTestId('case-actions').getByRole('button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-testid')).sort())
  assert.deepEqual(left, ['action-appeal', 'action-reopen'])
  await screenshot(staff, 'case-closed')
})

test('the SLA dashboard shows the counts, the on-time rates and the trend chart (SVG)', async (t) => {
  if (!staffPassword()) return t.skip('no demo staff')
  await staff.goto('/cases/dashboard')
  await staff.getByTestId('sla-dashboard').waitFor()
  await staff.getByTestId('sla-trend').locator('svg').first().waitFor()
  assert.match(await staff.getByTestId('sla-open').innerText(), /\d+/)
  assert.match(await staff.getByTestId('sla-compliance').innerText(), /%|—/)
  await screenshot(staff, 'sla-dashboard')
})

test('revealing a complainant’s masked phone asks for a reason and shows the full value', async (t) => {
  if (!staffPassword()) return t.skip('no demo staff')
  await staff.goto('/cases?kind=complaint&channel=hotline')
  await staff.getByTestId('case-link').first().click()
  const party = staff.getByTestId('party-complainant').first()
  await party.waitFor()
  assert.match(await party.getByTestId('pii-phone').innerText(), /\*/)
  await party.getByTestId('party-reveal').click()
  await staff.getByTestId('reveal-reason').fill('核实投诉人身份，回电确认处理结果')
  await staff.getByTestId('reveal-confirm').click()
  await staff.locator('.ant-modal:visible').waitFor({ state: 'hidden' })
  assert.doesNotMatch(await party.getByTestId('pii-phone').innerText(), /\*/)
  await screenshot(staff, 'pii-revealed')
})

test('the audit log holds the case’s rows and the hash chain verifies', async (t) => {
  if (!staffPassword()) return t.skip('no demo staff')
  await staff.getByTestId('nav').getByRole('link', { name: '审计日志' }).click()
  await staff.getByTestId('audit-table').waitFor()
  const actions = await staff.getByTestId('audit-action').allInnerTexts()
  for (const a of ['case.closed', 'case.resolved', 'case.proposed', 'case.pii_revealed']) assert.ok(actions.includes(a), `${a} in ${actions.slice(0, 12).join(', ')}`)
  await staff.getByTestId('verify-chain').click()
  await staff.getByTestId('chain-intact').waitFor()
  await screenshot(staff, 'audit-verified')
})

test('the reporter tracks the receipt code and sees the case closed with the staff message', async () => {
  await reporter.goto('/public/track')
  await reporter.getByTestId('track-code').fill(receiptCode)
  await reporter.getByTestId('track-lookup').click()
  await reporter.getByTestId('track-result').waitFor()
  await reporter.getByTestId('track-status').locator('[data-status="closed"]').waitFor()
  await reporter.getByTestId('track-messages').getByText('经核实情况属实').waitFor()
  assert.equal(await reporter.getByTestId('track-send').count(), 0, 'a closed report takes no more messages')
  await screenshot(reporter, 'public-track-closed')
})

test('a wrong receipt code shows the translated not-found message', async () => {
  await reporter.getByTestId('track-code').fill('AAAA-BBBB-CCCC-DDDD')
  await reporter.getByTestId('track-lookup').click()
  assert.match(await reporter.getByTestId('track-error').innerText(), /查询码不存在/)
})

test('no page errors besides the expected 401/404/409 responses', () => {
  const unexpected = (list: string[]) => list.filter((e) => !/status of 40[149]/.test(e))
  assert.deepEqual(unexpected(errors), [])
  assert.deepEqual(unexpected(reporterErrors), [])
})
