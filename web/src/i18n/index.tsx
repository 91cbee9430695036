// The console's language: a React context over two typed catalogs; antd and dayjs follow the same locale.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'
import timezone from 'dayjs/plugin/timezone'
import relativeTime from 'dayjs/plugin/relativeTime'
import 'dayjs/locale/zh-cn'
import 'dayjs/locale/en'
import { zhCN, type MessageKey } from './zh-CN.ts'
import { enUS } from './en-US.ts'
import { ApiError } from '../api/client.ts'

dayjs.extend(utc)
dayjs.extend(timezone)
dayjs.extend(relativeTime)

export type Locale = 'zh-CN' | 'en-US'
export const locales: readonly Locale[] = ['zh-CN', 'en-US']
export const LOCALE_STORAGE_KEY = 'tp.locale'
/** Regulatory clocks and staff both live in Beijing time, whatever the browser's zone. */
export const TIME_ZONE = 'Asia/Shanghai'

const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS }

export type Vars = Record<string, string | number>

function interpolate(text: string, vars?: Vars): string {
  if (!vars) return text
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m))
}

export function storedLocale(): Locale | null {
  try {
    const v = localStorage.getItem(LOCALE_STORAGE_KEY)
    return v === 'zh-CN' || v === 'en-US' ? v : null
  } catch {
    return null
  }
}

export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  return interpolate(catalogs[locale][key], vars)
}

/** For keys built at run time (error codes, enum values); falls back when the catalog lacks one. */
export function translateDynamic(locale: Locale, key: string, fallback: string, vars?: Vars): string {
  const cat = catalogs[locale] as Record<string, string>
  const text = cat[key]
  return text === undefined ? fallback : interpolate(text, vars)
}

export function errorMessage(locale: Locale, e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'internal' || e.status >= 500) {
      return translateDynamic(locale, `error.${e.code}`, translate(locale, 'error.internal'))
    }
    const fallback = translate(locale, 'error.generic', { message: e.message })
    return translateDynamic(locale, `error.${e.code}`, fallback, { message: e.message })
  }
  return translate(locale, 'error.generic', { message: e instanceof Error ? e.message : String(e) })
}

interface I18n {
  locale: Locale
  setLocale: (l: Locale) => void
  t: (key: MessageKey, vars?: Vars) => string
  /** Translate a run-time key such as `role.${r}`; shows `fallback` (default: the key's last part) if absent. */
  td: (key: string, fallback?: string, vars?: Vars) => string
  errorText: (e: unknown) => string
  formatTime: (iso: string | null | undefined, fmt?: string) => string
  fromNow: (iso: string | null | undefined) => string
}

const I18nContext = createContext<I18n | null>(null)

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => initial ?? storedLocale() ?? 'zh-CN')

  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l)
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, l)
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, [])

  useEffect(() => {
    document.documentElement.lang = locale
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en')
  }, [locale])

  const value = useMemo<I18n>(() => {
    const dayjsLocale = locale === 'zh-CN' ? 'zh-cn' : 'en'
    return {
      locale,
      setLocale,
      t: (key, vars) => translate(locale, key, vars),
      td: (key, fallback, vars) => translateDynamic(locale, key, fallback ?? key.slice(key.indexOf('.') + 1), vars),
      errorText: (e) => errorMessage(locale, e),
      formatTime: (iso, fmt = 'YYYY-MM-DD HH:mm:ss') => (iso ? dayjs(iso).tz(TIME_ZONE).format(fmt) : '—'),
      fromNow: (iso) => (iso ? dayjs(iso).locale(dayjsLocale).fromNow() : '—'),
    }
  }, [locale, setLocale])

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const v = useContext(I18nContext)
  if (!v) throw new Error('useI18n outside I18nProvider')
  return v
}

export type { MessageKey }
