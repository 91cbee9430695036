// Demand patterns typical of organised complaints: full surrender of a policy (全额退保), a multiple of the
// price (退一赔三, 假一赔十, 三倍/十倍赔偿), or the same fixed sum across many complainants.

export const DEMAND_NONE = 0
export const DEMAND_FULL_SURRENDER = 1
export const DEMAND_PRICE_MULTIPLE = 2
export const DEMAND_OTHER = 3

const fullSurrender = /full[\s_-]*surrender|全额退保|全额退还保费|退还全部保费/i
const priceMultiple = /price[\s_-]*multiple|multiple|punitive|treble|triple|退一赔[三十]|假一赔[三十]|[三十]倍赔偿|[三十]倍赔付|[3１0]+倍赔偿/i

/** Classifies a demand from its declared type and, failing that, from the complaint text. */
export function classifyDemand(type: string | undefined, text: string): number {
  if (type) {
    if (fullSurrender.test(type)) return DEMAND_FULL_SURRENDER
    if (priceMultiple.test(type)) return DEMAND_PRICE_MULTIPLE
  }
  if (fullSurrender.test(text)) return DEMAND_FULL_SURRENDER
  if (priceMultiple.test(text)) return DEMAND_PRICE_MULTIPLE
  return type ? DEMAND_OTHER : DEMAND_NONE
}

export function demandLabel(code: number): string {
  if (code === DEMAND_FULL_SURRENDER) return 'full surrender (全额退保)'
  if (code === DEMAND_PRICE_MULTIPLE) return 'a multiple of the price (退一赔三/十倍赔偿)'
  return 'other'
}
