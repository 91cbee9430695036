export function SlaDashboard() { return null }
