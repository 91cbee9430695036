export function PublicReportPage() { return null }
