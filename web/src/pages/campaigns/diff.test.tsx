import { describe, expect, it } from 'vitest'
import { diffTexts, sameShare, tokenize } from './diff.ts'

describe('diffTexts', () => {
  it('marks swapped names and amounts in a Chinese template, keeping the shared text', () => {
    const parts = diffTexts('本人王建国要求全额退保36000元', '本人李秀英要求全额退保37500元')
    expect(parts).toEqual([
      { op: 'same', text: '本人' },
      { op: 'removed', text: '王建国' },
      { op: 'added', text: '李秀英' },
      { op: 'same', text: '要求全额退保' },
      { op: 'removed', text: '36000' },
      { op: 'added', text: '37500' },
      { op: 'same', text: '元' },
    ])
  })

  it('rebuilds both texts from its parts', () => {
    const a = 'I was charged a late fee of $35 on 01/02/2024.'
    const b = 'I was charged an annual fee of $95 on 03/04/2024!'
    const parts = diffTexts(a, b)
    expect(parts.filter((p) => p.op !== 'added').map((p) => p.text).join('')).toBe(a)
    expect(parts.filter((p) => p.op !== 'removed').map((p) => p.text).join('')).toBe(b)
    expect(parts.some((p) => p.op === 'removed' && p.text.includes('late'))).toBe(true)
  })

  it('identical texts are one same part; the share says how much is copied', () => {
    expect(diffTexts('一模一样', '一模一样')).toEqual([{ op: 'same', text: '一模一样' }])
    expect(sameShare(diffTexts('一模一样', '一模一样'))).toBe(1)
    expect(sameShare(diffTexts('甲乙丙丁', '戊己庚辛'))).toBe(0)
    expect(diffTexts('', 'abc')).toEqual([{ op: 'added', text: 'abc' }])
  })

  it('tokenizes words and digits whole, CJK by character', () => {
    expect(tokenize('退保3000元 ok')).toEqual(['退', '保', '3000', '元', ' ', 'ok'])
  })
})
