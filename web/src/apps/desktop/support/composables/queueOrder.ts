/** The server's queue order: waiting buyers first, longest wait first; then latest activity first. */
export function queueOrder<T extends { id: string; waitingSince?: string | null; lastMessageAt?: string | null }>(threads: T[]): T[] {
  const time = (value: string | null | undefined) => (value ? Date.parse(value) : 0);
  return [...threads].sort((a, b) => {
    if (!!a.waitingSince !== !!b.waitingSince) return a.waitingSince ? -1 : 1;
    if (a.waitingSince && b.waitingSince) return time(a.waitingSince) - time(b.waitingSince) || a.id.localeCompare(b.id);
    return time(b.lastMessageAt) - time(a.lastMessageAt) || b.id.localeCompare(a.id);
  });
}
