/** What changed on a case between the copy the agent decided on and the one now stored. */
export interface CaseChange {
  key: 'status' | 'assignee' | 'notes' | 'evidence';
  params: Record<string, string | number>;
}

interface CaseCopy {
  status: string;
  assignee?: { displayName: string } | null;
  notes: readonly unknown[];
  evidence: readonly unknown[];
  timeline: readonly { kind: string; actor?: { displayName: string } | null }[];
}

export function caseChanges(before: CaseCopy, after: CaseCopy, label: (status: string) => string, nobody: string): { by: string | null; changes: CaseChange[] } {
  const changes: CaseChange[] = [];
  if (before.status !== after.status) changes.push({ key: 'status', params: { from: label(before.status), to: label(after.status) } });
  const was = before.assignee?.displayName ?? nobody;
  const is = after.assignee?.displayName ?? nobody;
  if (was !== is) changes.push({ key: 'assignee', params: { from: was, to: is } });
  if (after.notes.length > before.notes.length) changes.push({ key: 'notes', params: { n: after.notes.length - before.notes.length } });
  if (after.evidence.length > before.evidence.length) changes.push({ key: 'evidence', params: { n: after.evidence.length - before.evidence.length } });
  const latest = after.timeline.slice(before.timeline.length).at(-1);
  return { by: latest?.actor?.displayName ?? null, changes };
}
