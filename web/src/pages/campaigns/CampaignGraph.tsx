// The shared-attribute graph: member complaints, the masked identifiers they share, and the template they copy.
import { useEffect, useMemo, useRef } from 'react'
import * as echarts from 'echarts/core'
import { GraphChart } from 'echarts/charts'
import { LegendComponent, TooltipComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'
import type { ComposeOption } from 'echarts/core'
import type { GraphSeriesOption } from 'echarts/charts'
import type { LegendComponentOption, TooltipComponentOption } from 'echarts/components'

echarts.use([GraphChart, LegendComponent, TooltipComponent, SVGRenderer])

type Option = ComposeOption<GraphSeriesOption | LegendComponentOption | TooltipComponentOption>

export interface GraphData {
  nodes: { id: string; kind: 'case' | 'attribute' | 'template'; label: string; category: string }[]
  edges: { source: string; target: string; label?: string | undefined }[]
}

const colors = { case: '#1f6f7a', attribute: '#d46b08', template: '#722ed1' }

export function CampaignGraph({ graph, labels, height = 380 }: { graph: GraphData; labels: Record<'case' | 'attribute' | 'template', string>; height?: number }) {
  const ref = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const option = useMemo<Option>(() => {
    const kinds = ['case', 'attribute', 'template'] as const
    return {
      tooltip: { formatter: (p: unknown) => (p as { data?: { name?: string } }).data?.name ?? '' },
      legend: { data: kinds.map((k) => labels[k]), bottom: 0 },
      series: [
        {
          type: 'graph',
          layout: 'force',
          roam: true,
          draggable: true,
          force: { repulsion: 160, edgeLength: [60, 120] },
          categories: kinds.map((k) => ({ name: labels[k], itemStyle: { color: colors[k] } })),
          label: { show: true, position: 'right', fontSize: 11 },
          data: graph.nodes.map((n) => ({
            id: n.id,
            name: n.label,
            category: kinds.indexOf(n.kind),
            symbolSize: n.kind === 'case' ? 14 : n.kind === 'template' ? 26 : 20,
            symbol: n.kind === 'attribute' ? 'diamond' : 'circle',
          })),
          links: graph.edges.map((e) => ({ source: e.source, target: e.target })),
          lineStyle: { color: '#bbb', width: 1 },
        },
      ],
    }
  }, [graph, labels])
  useEffect(() => {
    if (!ref.current) return
    const c = echarts.init(ref.current, undefined, { renderer: 'svg' })
    chart.current = c
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => c.resize())
    observer?.observe(ref.current)
    return () => {
      observer?.disconnect()
      c.dispose()
      chart.current = null
    }
  }, [])
  useEffect(() => {
    chart.current?.setOption(option, true)
  }, [option])
  return <div ref={ref} style={{ width: '100%', height }} data-testid="campaign-graph" />
}
