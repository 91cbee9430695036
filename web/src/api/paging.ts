// Cursor-paged lists as the console shows them: pages fetched on demand ("load more"), flattened to rows.
import { useMemo } from 'react'
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query'

export interface CursorPage<T> {
  items: T[]
  nextCursor?: string | null
}

/** One list endpoint behind a query key: `list` is the TanStack query (fetchNextPage, hasNextPage…), `rows` every item loaded. */
export function useCursorList<T>(queryKey: QueryKey, fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>) {
  const list = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data])
  return { list, rows }
}
