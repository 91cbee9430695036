export function PublicTrackPage() { return null }
