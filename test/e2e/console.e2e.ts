// The first-run journey of an administrator, in order: one-time password → new password → 2FA enrolment →
// recovery codes → dashboard; the audit log shows those steps and the chain verifies; English UI; a new
// user; log out and back in with a TOTP code.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { adminOneTimePassword, connect, newContext, screenshot, totpCode, watchErrors } from './support.ts'

const newPassword = 'Tianping-e2e-Passw0rd!'
let browser: Browser
let context: BrowserContext
let page: Page
let secret = ''
let errors: string[] = []

before(async () => {
  browser = await connect()
  context = await newContext(browser)
  page = await context.newPage()
  errors = watchErrors(page)
})
after(async () => {
  await context?.close()
  await browser?.close()
})

test('login page is in Chinese by default and asks for credentials', async () => {
  await page.goto('/')
  await page.waitForURL(/\/login/)
  await page.getByTestId('login-form').waitFor()
  assert.equal(await page.getByTestId('login-submit').innerText().then((s) => s.replace(/\s/g, '')), '登录')
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN')
  await screenshot(page, 'login')
})

test('admin logs in with the one-time password and must change it', async () => {
  await page.getByTestId('login-username').fill('admin')
  await page.getByTestId('login-password').fill(adminOneTimePassword())
  await page.getByTestId('login-submit').click()
  await page.getByTestId('change-password-form').waitFor()
  assert.match(await page.getByTestId('step-title').innerText(), /修改密码/)
  await screenshot(page, 'forced-password-change')
  await page.getByTestId('current-password').fill(adminOneTimePassword())
  await page.getByTestId('new-password').fill(newPassword)
  await page.getByTestId('confirm-password').fill(newPassword)
  await page.getByTestId('change-password-submit').click()
})

test('admin enrols 2FA with a code computed from the shown secret and sees recovery codes once', async () => {
  const secretBox = page.getByTestId('totp-secret')
  await secretBox.waitFor()
  secret = (await secretBox.innerText()).trim()
  assert.match(secret, /^[A-Z2-7]{16,}$/)
  await page.getByTestId('totp-qr').waitFor()
  await screenshot(page, 'enrol-2fa')
  await page.getByTestId('totp-code').fill(totpCode(secret))
  await page.getByTestId('totp-confirm').click()
  await page.getByTestId('recovery-codes').waitFor()
  const codes = await page.getByTestId('recovery-code').allInnerTexts()
  assert.ok(codes.length >= 8, `expected recovery codes, got ${codes.length}`)
  assert.equal(new Set(codes).size, codes.length)
  await screenshot(page, 'recovery-codes')
  await page.getByTestId('recovery-continue').click()
})

test('the dashboard welcomes the admin with roles and the audit head hash', async () => {
  await page.getByTestId('welcome-card').waitFor()
  assert.equal(new URL(page.url()).pathname, '/')
  assert.match(await page.getByTestId('welcome-card').innerText(), /系统管理员/)
  await page.getByTestId('audit-head').getByText(/^[0-9a-f]{64}$/).waitFor()
  await screenshot(page, 'dashboard')
})

test('the audit log lists the login, password change and 2FA steps, and the chain verifies', async () => {
  await page.getByTestId('nav').getByRole('link', { name: '审计日志' }).click()
  await page.getByTestId('audit-table').waitFor()
  const actions = page.getByTestId('audit-action')
  await actions.first().waitFor()
  const seen = await actions.allInnerTexts()
  for (const a of ['session.created', 'user.password_changed', 'user.totp_enabled']) {
    assert.ok(seen.includes(a), `audit log lacks ${a}; saw ${seen.slice(0, 20).join(', ')}`)
  }
  await page.getByTestId('audit-table').getByText('修改密码', { exact: true }).first().click()
  const drawer = page.getByTestId('audit-drawer')
  await drawer.getByTestId('audit-hash').waitFor()
  assert.match(await drawer.getByTestId('audit-hash').innerText(), /[0-9a-f]{64}/)
  assert.match(await drawer.getByTestId('audit-prev-hash').innerText(), /[0-9a-f]{64}/)
  await screenshot(page, 'audit-entry')
  await page.keyboard.press('Escape')
  await drawer.waitFor({ state: 'hidden' })
  await page.getByTestId('verify-chain').click()
  await page.getByTestId('chain-intact').waitFor()
  assert.match(await page.getByTestId('verify-result').innerText(), /[0-9a-f]{64}/)
  await screenshot(page, 'audit-verified')
})

test('searching the audit log by text narrows it to the matching action', async () => {
  await page.getByTestId('audit-q').fill('password_changed')
  await page.getByTestId('audit-search').click()
  // A string runs in the page (this file is type-checked without the DOM library).
  await page.waitForFunction(`(() => {
    const cells = [...document.querySelectorAll('[data-testid="audit-action"]')].map((e) => e.textContent)
    return cells.length > 0 && cells.every((c) => c === 'user.password_changed')
  })()`)
  assert.deepEqual([...new Set(await page.getByTestId('audit-action').allInnerTexts())], ['user.password_changed'])
})

test('switching the language to English changes the UI and is remembered', async () => {
  await page.getByTestId('lang-switch').click()
  await page.getByTestId('lang-en-US').click()
  await page.getByTestId('nav').getByRole('link', { name: 'Audit log' }).waitFor()
  assert.equal(await page.locator('html').getAttribute('lang'), 'en-US')
  await page.getByRole('heading', { name: 'Audit log' }).waitFor()
  await screenshot(page, 'english-audit')
  await page.reload()
  await page.getByTestId('nav').getByRole('link', { name: 'Dashboard' }).waitFor()
  assert.equal(await page.evaluate('localStorage.getItem("tp.locale")'), 'en-US')
})

test('the admin creates a user and is shown its one-time password once', async () => {
  await page.getByTestId('nav').getByRole('link', { name: 'Users & roles' }).click()
  await page.getByTestId('users-table').waitFor()
  await page.getByTestId('create-user').click()
  await page.getByTestId('new-username').fill('e2e.handler')
  await page.getByTestId('new-displayname').fill('E2E 处理人员')
  await page.getByTestId('role-supervisor').check()
  await screenshot(page, 'create-user')
  await page.getByTestId('create-user-submit').click()
  const otp = page.getByTestId('one-time-password')
  await otp.waitFor()
  assert.match((await otp.innerText()).trim(), /^\S{10,}$/)
  await screenshot(page, 'user-created')
  await page.getByTestId('otp-close').click()
  await page.locator('.ant-modal-wrap:visible').waitFor({ state: 'detached' })
  await page.getByTestId('users-table').getByText('e2e.handler', { exact: true }).waitFor()
  await screenshot(page, 'users')
})

test('the admin creates an API key, sees its token once, and revokes it', async () => {
  await page.getByTestId('nav').getByRole('link', { name: 'API keys' }).click()
  await page.getByTestId('keys-table').waitFor()
  await page.getByTestId('create-key').click()
  await page.getByTestId('key-name').fill('12315 transfer')
  await page.getByTestId('key-scopes').click()
  await page.keyboard.type('audit:read')
  await page.keyboard.press('Enter')
  await page.keyboard.press('Escape')
  await page.getByTestId('create-key-submit').click()
  const token = page.getByTestId('api-token')
  await token.waitFor()
  assert.match((await token.innerText()).trim(), /^tp_\S+_\S+$/)
  await screenshot(page, 'api-key-token')
  await page.getByRole('button', { name: 'I have saved it' }).click()
  await page.locator('.ant-modal-wrap:visible').waitFor({ state: 'detached' })
  const row = page.getByTestId('keys-table').locator('tr', { hasText: '12315 transfer' })
  await row.getByText('Active').waitFor()
  await row.getByRole('button', { name: 'Revoke' }).click()
  await page.locator('.ant-popconfirm').getByRole('button', { name: 'OK' }).click()
  await row.waitFor({ state: 'detached' })
  await screenshot(page, 'api-keys')
})

test('the admin logs out and logs back in with a TOTP code', async () => {
  await page.getByTestId('user-menu').click()
  await page.getByTestId('logout').click()
  await page.getByTestId('login-form').waitFor()
  await page.getByTestId('login-username').fill('admin')
  await page.getByTestId('login-password').fill(newPassword)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('mfa-form').waitFor()
  await screenshot(page, 'login-2fa')
  await page.getByTestId('mfa-code').fill(totpCode(secret, 1))
  await page.getByTestId('mfa-submit').click()
  await page.getByTestId('welcome-card').waitFor()
  assert.match(await page.getByTestId('welcome-card').innerText(), /Administrator/)
  await screenshot(page, 'back-in')
})

test('no page errors along the way', () => {
  assert.deepEqual(errors.filter((e) => !/401|Unauthorized|favicon/i.test(e)), [])
})
