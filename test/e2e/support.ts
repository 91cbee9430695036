// Shared by the browser tests: the server and browser started by scripts/e2e.ts, screenshots, TOTP codes.
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import * as OTPAuth from 'otpauth'

function env(name: string): string {
  const v = process.env[name]
  if (!v) throw new Error(`${name} is not set: run the browser tests with npm run test:e2e`)
  return v
}

export const baseUrl = (): string => env('TP_E2E_URL')
export const adminOneTimePassword = (): string => env('TP_E2E_ADMIN_PASSWORD')
export const staffPassword = (): string => env('TP_E2E_STAFF_PASSWORD')

export async function connect(): Promise<Browser> {
  return chromium.connect(env('TP_E2E_WS'))
}

export async function newContext(browser: Browser, locale = 'zh-CN'): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL: baseUrl(), locale, timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' })
  ctx.setDefaultTimeout(15_000)
  return ctx
}

let shot = 0
export async function screenshot(page: Page, name: string): Promise<void> {
  shot++
  const prefix = process.env.TP_E2E_SHOT_PREFIX ?? ''
  await page.screenshot({ path: join(env('TP_E2E_ARTIFACTS'), `${prefix}${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true })
}

/**
 * The code for the 30 s step after `now`: the server accepts one step of drift and refuses a step it has
 * seen, so a second login right after enrolment needs the next step's code, not a wait.
 */
export function totpCode(secret: string, stepsAhead = 0): string {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret.replace(/\s+/g, '')), digits: 6, period: 30, algorithm: 'SHA1' })
  return totp.generate({ timestamp: Date.now() + stepsAhead * 30_000 })
}

/** Collects page errors and failed API calls (except expected ones) so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  return errors
}
