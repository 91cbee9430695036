// Loaders for the real corpora in ../shared/data used by the campaigns eval and bench (read-only).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { parse } from 'csv-parse/sync'

export const dataRoot = join(import.meta.dirname, '..', '..', '..', 'shared', 'data')
export const hasSharedData = (): boolean => existsSync(join(dataRoot, 'cfpb-complaints'))

export interface CfpbNarrative {
  key: string
  file: 'merged' | 'textonly'
  text: string
  /** YYYY-MM-DD, merged rows only. */
  date: string | null
  company: string | null
  state: string | null
  zip: string | null
  product: string
  /** sheryla | naga for the text-only file, merged otherwise. */
  source: string
  /** Weak template label (derived/weak_template_labels.csv): 0 = none. */
  cluster: number
  clusterSize: number
}

function csv(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true, skip_empty_lines: true, relax_quotes: true, bom: true }) as Record<string, string>[]
}

export function loadCfpb(): CfpbNarrative[] {
  const dir = join(dataRoot, 'cfpb-complaints')
  const labels = new Map(csv(join(dir, 'derived', 'weak_template_labels.csv')).map((r) => [r.doc_key!, r]))
  const out: CfpbNarrative[] = []
  for (const r of csv(join(dir, 'cfpb_complaints_merged.csv'))) {
    const text = (r['Consumer complaint narrative'] ?? '').trim()
    if (!text) continue
    const key = r['Complaint ID']!
    const l = labels.get(key)
    out.push({
      key,
      file: 'merged',
      text,
      date: r['Date received'] || null,
      company: r.Company || null,
      state: r.State || null,
      zip: r['ZIP code'] || null,
      product: r.Product ?? '',
      source: 'merged',
      cluster: Number(l?.near_dup_cluster ?? 0),
      clusterSize: Number(l?.cluster_size ?? 1),
    })
  }
  for (const r of csv(join(dir, 'cfpb_narratives_textonly.csv'))) {
    const text = (r.narrative ?? '').trim()
    if (!text) continue
    const key = r.text_id!
    const l = labels.get(key)
    out.push({
      key,
      file: 'textonly',
      text,
      date: null,
      company: null,
      state: null,
      zip: null,
      product: r.product ?? '',
      source: key.split('-')[0] ?? 'textonly',
      cluster: Number(l?.near_dup_cluster ?? 0),
      clusterSize: Number(l?.cluster_size ?? 1),
    })
  }
  return out
}

export interface HeimaoComplaint {
  id: string
  title: string
  company: string
  content: string
  timestamp: string
  appeal: string
  cost: string
}

export function loadHeimao(): HeimaoComplaint[] {
  const raw = JSON.parse(readFileSync(join(dataRoot, 'heimao-tousu-sample', 'heimao_data_2025-05-13.json'), 'utf8')) as { complaints: HeimaoComplaint[] }
  return raw.complaints
}

export interface ZhReview {
  cat: string
  text: string
}

/** Negative (label 0) reviews: online shopping (10 categories), food delivery, hotels. */
export function loadZhNegativeReviews(): ZhReview[] {
  const dir = join(dataRoot, 'zh-ecommerce-reviews')
  const out: ZhReview[] = []
  const shop = parse(gunzipSync(readFileSync(join(dir, 'online_shopping_10_cats.csv.gz'))), { columns: true, skip_empty_lines: true, relax_quotes: true, bom: true }) as Record<string, string>[]
  for (const r of shop) if (r.label === '0' && r.review) out.push({ cat: r.cat ?? '', text: r.review.replace(/^\uFEFF/, '') })
  for (const r of csv(join(dir, 'waimai_10k.csv'))) if (r.label === '0' && r.review) out.push({ cat: '外卖', text: r.review })
  for (const r of csv(join(dir, 'ChnSentiCorp_htl_all.csv'))) if (r.label === '0' && r.review) out.push({ cat: '酒店', text: r.review })
  return out
}
